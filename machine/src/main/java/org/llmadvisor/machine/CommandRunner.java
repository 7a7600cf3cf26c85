package org.llmadvisor.machine;

import java.util.List;

/**
 * Runs a vendor tool ({@code nvidia-smi}, {@code rocm-smi}, {@code sysctl} …) and returns what it
 * printed. Detection goes through this one door so that tests can replay recorded outputs instead
 * of the tools of the machine they run on.
 *
 * <p>Contract: never throws for a missing tool, a failing tool or a timeout; those are outcomes.
 */
@FunctionalInterface
public interface CommandRunner {

  CommandResult run(List<String> command);

  /** What a command did; {@code stdout} is empty unless the outcome is {@link Outcome#OK}. */
  record CommandResult(Outcome outcome, String stdout, String detail) {

    public enum Outcome {
      OK,
      NOT_FOUND,
      FAILED,
      TIMED_OUT
    }

    public static CommandResult ok(String stdout) {
      return new CommandResult(Outcome.OK, stdout, "");
    }

    public static CommandResult notFound() {
      return new CommandResult(Outcome.NOT_FOUND, "", "not found");
    }

    public static CommandResult failed(String detail) {
      return new CommandResult(Outcome.FAILED, "", detail);
    }

    public boolean isOk() {
      return outcome == Outcome.OK;
    }

    /** A few words for a note: why there is no output. */
    public String why() {
      return switch (outcome) {
        case OK -> "ran";
        case NOT_FOUND -> "not found";
        case TIMED_OUT -> "timed out";
        case FAILED -> "failed (" + detail + ")";
      };
    }
  }
}
