package org.llmadvisor.core.units;

import java.util.Locale;

/** How the explanations print numbers: the same way on every server. */
public final class Wording {

  private Wording() {}

  /**
   * Formats as in the US locale: "1,234.5", whatever the server's own locale. Not the root locale,
   * which prints the same but sends every grouped number through a newly built number format: with
   * thousands of reasons in one advice, that was a tenth of its time.
   */
  public static String f(String format, Object... args) {
    return String.format(Locale.US, format, args);
  }

  /** "1 server", "3 servers": a count with its noun, plural when it is not one. */
  public static String count(long n, String noun) {
    return f("%,d %s%s", n, noun, n == 1 ? "" : "s");
  }
}
