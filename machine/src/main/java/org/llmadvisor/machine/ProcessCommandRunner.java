package org.llmadvisor.machine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs commands as child processes with a timeout: a hung driver (nvidia-smi can block for many
 * seconds while a GPU resets) must not hang detection.
 */
public final class ProcessCommandRunner implements CommandRunner {

  private static final int MAX_DETAIL = 200;

  private final Duration timeout;

  public ProcessCommandRunner(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be > 0, was " + timeout);
    }
    this.timeout = timeout;
  }

  @Override
  public CommandResult run(List<String> command) {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(false).start();
    } catch (IOException e) {
      // ProcessBuilder reports a missing executable as an IOException ("error=2, No such file")
      return CommandResult.notFound();
    }
    // read both streams while the process runs so that a full pipe cannot block it
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return new CommandResult(CommandResult.Outcome.TIMED_OUT, "", "after " + timeout);
      }
      String stdout = out.get(1, TimeUnit.SECONDS);
      if (p.exitValue() != 0) {
        String e = err.get(1, TimeUnit.SECONDS).strip();
        return CommandResult.failed(
            "exit " + p.exitValue() + (e.isEmpty() ? "" : ": " + shorten(e)));
      }
      return CommandResult.ok(stdout);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      return CommandResult.failed("interrupted");
    } catch (ExecutionException | TimeoutException e) {
      return CommandResult.failed("output unreadable: " + e.getMessage());
    }
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static String shorten(String s) {
    String line = s.lines().findFirst().orElse("");
    return line.length() > MAX_DETAIL ? line.substring(0, MAX_DETAIL) + "…" : line;
  }
}
