package org.llmadvisor.providers;

/** Whether a deployment can take calls now, and if not, why. */
public record Readiness(boolean ready, String detail) {

  public static Readiness up(String detail) {
    return new Readiness(true, detail);
  }

  public static Readiness down(String detail) {
    return new Readiness(false, detail);
  }
}
