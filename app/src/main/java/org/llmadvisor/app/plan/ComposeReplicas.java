package org.llmadvisor.app.plan;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns the bundled compose file's one {@code ollama} service into one service per replica: the
 * services in its place, the app's {@code depends_on} on each of them, and a volume per replica
 * instead of the shared {@code ollama-models}.
 */
final class ComposeReplicas {

  private static final String DEPENDS_ON = "      ollama:\n        condition: service_started\n";

  private ComposeReplicas() {}

  /** The {@code ollama} service's text in {@code compose}, from its name to the next key. */
  static String ollamaService(String compose) {
    int[] at = span(compose);
    return compose.substring(at[0], at[1]);
  }

  /**
   * {@code compose} with the {@code ollama} service replaced by {@code services} (named {@code
   * names}, in order) and the {@code ollama-models} volume by {@code volumes}.
   */
  static String replace(String compose, String services, List<String> names, List<String> volumes) {
    int[] at = span(compose);
    String out = compose.substring(0, at[0]) + services + compose.substring(at[1]);
    out =
        out.replace(
            DEPENDS_ON,
            names.stream()
                .map(n -> DEPENDS_ON.replace("ollama:", n + ":"))
                .collect(Collectors.joining()));
    return out.replaceFirst(
        "(?m)^  ollama-models:$",
        volumes.stream().map(v -> "  " + v + ":").collect(Collectors.joining("\n")));
  }

  private static int[] span(String compose) {
    int start = compose.indexOf("\n  ollama:\n") + 1;
    Matcher next = Pattern.compile("(?m)^(  \\S|\\S)").matcher(compose);
    int end = next.find(start + 3) ? next.start() : compose.length();
    return new int[] {start, end};
  }
}
