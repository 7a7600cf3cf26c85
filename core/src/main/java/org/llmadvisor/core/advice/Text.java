package org.llmadvisor.core.advice;

/** Wording shared by the explanations (numbers: {@link org.llmadvisor.core.units.Wording}). */
final class Text {

  private Text() {}

  /** A source cut after its first 60 characters or so, at a word, to keep a reason readable. */
  static String shortSource(String s) {
    if (s == null) {
      return "source not recorded";
    }
    int cut = s.indexOf(' ', 60);
    return cut < 0 ? s : s.substring(0, cut) + " ...";
  }
}
