package org.llmadvisor.core.advice;

import java.util.Locale;

/** Wording shared by the explanations: numbers are always printed the same way. */
final class Text {

  private Text() {}

  /** Formats with the root locale, so "1,234.5" reads the same on every server. */
  static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  /** A source cut after its first 60 characters or so, at a word, to keep a reason readable. */
  static String shortSource(String s) {
    if (s == null) {
      return "source not recorded";
    }
    int cut = s.indexOf(' ', 60);
    return cut < 0 ? s : s.substring(0, cut) + " ...";
  }
}
