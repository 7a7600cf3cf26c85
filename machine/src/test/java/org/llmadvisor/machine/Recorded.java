package org.llmadvisor.machine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.llmadvisor.machine.CommandRunner.CommandResult;

/** Recorded outputs under {@code src/test/resources/recorded}, and a runner that replays them. */
final class Recorded {

  private Recorded() {}

  static Path path(String relative) {
    try {
      return Path.of(Recorded.class.getResource("/recorded/" + relative).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static String text(String relative) {
    try {
      return Files.readString(path(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A runner that knows only the commands it is given; any other is "not found". */
  static final class Commands implements CommandRunner {
    private final Map<List<String>, CommandResult> answers = new HashMap<>();

    Commands answer(List<String> command, String recordedFile) {
      answers.put(command, CommandResult.ok(text(recordedFile)));
      return this;
    }

    Commands result(List<String> command, CommandResult result) {
      answers.put(command, result);
      return this;
    }

    @Override
    public CommandResult run(List<String> command) {
      return answers.getOrDefault(command, CommandResult.notFound());
    }
  }
}
