package org.llmadvisor.core.advice;

import org.llmadvisor.core.units.Wording;

/** Wording shared by the explanations: numbers are always printed the same way. */
final class Text {

  private Text() {}

  /** Formats as {@link Wording#f} does: "1,234.5" on every server. */
  static String f(String format, Object... args) {
    return Wording.f(format, args);
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
