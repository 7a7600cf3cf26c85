package org.llmadvisor.app.gateway;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The OpenAI client no one here wrote: the official {@code openai} package for Node.js (pinned in
 * {@code app/src/test/openai-client/package-lock.json}) driven by {@code client.mjs}. Installed as
 * the MCP tests install their TypeScript SDK (see the command line's {@code NodeMcpClient}): the
 * script and lock file are copied to a work folder under {@code target} and {@code npm ci} runs
 * there once; when node or npm is missing it says so and the test is skipped.
 */
final class NodeOpenAiClient {

  private final Path dir;

  private NodeOpenAiClient(Path dir) {
    this.dir = dir;
  }

  /** The outcome of one run of the script: its exit code and what it printed. */
  record Result(int code, String out, String err) {}

  static Optional<NodeOpenAiClient> prepare(Path source, Path work)
      throws IOException, InterruptedException {
    for (String tool : List.of("node", "npm")) {
      if (!onPath(tool)) {
        System.out.println(
            "openai client tests skipped: "
                + tool
                + " is not installed (apt-get install nodejs npm)");
        return Optional.empty();
      }
    }
    Files.createDirectories(work);
    for (String f : List.of("package.json", "package-lock.json", "client.mjs")) {
      Files.copy(source.resolve(f), work.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    if (!Files.isDirectory(work.resolve("node_modules/openai"))) {
      Result r = run(work, List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"));
      if (r.code() != 0) {
        throw new IllegalStateException("npm ci failed in " + work + ":\n" + r.out() + r.err());
      }
    }
    return Optional.of(new NodeOpenAiClient(work));
  }

  /** Runs {@code client.mjs} with these arguments. */
  Result run(List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("node", "client.mjs"));
    command.addAll(args);
    return run(dir, command);
  }

  private static Result run(Path dir, List<String> command)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("openai-client", ".out");
    Path err = Files.createTempFile("openai-client", ".err");
    try {
      Process p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(command + " did not finish in 300 s");
      }
      return new Result(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static boolean onPath(String tool) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, tool))) {
        return true;
      }
    }
    return false;
  }
}
