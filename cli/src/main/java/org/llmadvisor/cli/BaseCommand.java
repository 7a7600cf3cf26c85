package org.llmadvisor.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.llmadvisor.service.ApiException;
import org.llmadvisor.service.ServiceJson;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every command shares: {@code --json}, the output, and requests built from flags. A flag sets
 * the field of the HTTP request it stands for, and a refusal of that field is reported under the
 * flag's name: {@code --context: must be between 1 and 10000000, was -5}.
 */
abstract class BaseCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--json",
      description = "Print the JSON the HTTP API answers for the same request, on one line.")
  boolean json;

  /** The flags given, by the request field each sets. */
  private final Map<String, String> flags = new LinkedHashMap<>();

  CliContext context() {
    return ((AdvisorCli) spec.root().userObject()).context();
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /**
   * Sets the field at {@code path} in the request ({@code target} is the object that holds it) from
   * {@code flag}, when the flag was given.
   */
  void put(ObjectNode target, String path, String flag, Object value) {
    if (value == null) {
      return;
    }
    flags.put(path, flag);
    target.set(path.substring(path.lastIndexOf('.') + 1), ServiceJson.mapper().valueToTree(value));
  }

  /** Names the flag that sets a field read without a request body (a filter). */
  void flag(String field, String flag) {
    flags.put(field, flag);
  }

  /** Prints the JSON, or the table and its verdict; returns the exit code. */
  int print(Object answer, Runnable table) {
    if (json) {
      out().println(ServiceJson.write(answer));
    } else {
      table.run();
    }
    out().flush();
    return 0;
  }

  /** Runs a service call, rewording a refusal of a field set by a flag under the flag's name. */
  <T> T refusedAsFlags(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (ApiException e) {
      throw new BadInput(reword(e.field(), e.getMessage()));
    }
  }

  String reword(String field, String message) {
    for (Map.Entry<String, String> f : flags.entrySet()) {
      String name = f.getKey();
      if (field != null
          && (field.equals(name) || field.startsWith(name + ".") || field.startsWith(name + "["))) {
        String rest =
            message.startsWith(field) ? message.substring(field.length()).trim() : message;
        String sub = field.equals(name) ? "" : " (" + field + ")";
        return f.getValue() + sub + ": " + terminal(rest);
      }
    }
    return terminal(message);
  }

  /** The API's pointers to its own endpoints, as the commands that show the same rows. */
  static String terminal(String message) {
    return message
        .replace("see GET /api/catalog/models", "see ./advisor models")
        .replace("see GET /api/catalog/hardware", "see ./advisor hardware");
  }

  static CommandLine.Help.Ansi ansi() {
    return CommandLine.Help.Ansi.OFF;
  }
}
