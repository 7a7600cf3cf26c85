package org.llmadvisor.core.advice;

import java.util.Objects;

/**
 * Whether a candidate meets one constraint, and the sentence that says so with the numbers. The two
 * are decided together so the words cannot contradict the flag.
 */
public record Verdict(boolean ok, String reason) {

  public Verdict {
    Objects.requireNonNull(reason, "reason");
  }

  public static Verdict pass(String reason) {
    return new Verdict(true, reason);
  }

  public static Verdict fail(String reason) {
    return new Verdict(false, reason);
  }
}
