package org.llmadvisor.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The MCP client no one here wrote: the official TypeScript SDK ({@code @modelcontextprotocol/sdk},
 * pinned in {@code cli/src/test/mcp-client/package-lock.json}) driven by {@code client.mjs}, which
 * lists the tools and calls each. {@link #prepare} copies the script to a work folder and runs
 * {@code npm ci} there once; it says why when node or npm is missing, and the test is then skipped.
 * The app's tests use it too, over HTTP.
 */
public final class NodeMcpClient {

  /** The tools every transport serves. */
  public static final String TOOLS = "estimate,advise,fit,system,list_models,list_hardware";

  private final Path dir;

  private NodeMcpClient(Path dir) {
    this.dir = dir;
  }

  /** The outcome of one run of the script: its exit code and what it printed. */
  public record Result(int code, String out, String err) {}

  /**
   * The client installed in {@code work}, from the script and lock file in {@code source}; empty,
   * with the reason printed, when node or npm is not installed.
   */
  public static Optional<NodeMcpClient> prepare(Path source, Path work)
      throws IOException, InterruptedException {
    for (String tool : List.of("node", "npm")) {
      if (which(tool).isEmpty()) {
        System.out.println(
            "MCP client tests skipped: " + tool + " is not installed (apt-get install nodejs npm)");
        return Optional.empty();
      }
    }
    Files.createDirectories(work);
    for (String f : List.of("package.json", "package-lock.json", "client.mjs")) {
      Files.copy(source.resolve(f), work.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    if (!Files.isDirectory(work.resolve("node_modules/@modelcontextprotocol/sdk"))) {
      Result r =
          run(
              work,
              List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"),
              Map.of(),
              300);
      if (r.code() != 0) {
        throw new IllegalStateException("npm ci failed in " + work + ":\n" + r.out() + r.err());
      }
    }
    return Optional.of(new NodeMcpClient(work));
  }

  /** Runs {@code client.mjs} with these arguments. */
  public Result run(List<String> args, Map<String, String> env)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("node", "client.mjs"));
    command.addAll(args);
    return run(dir, command, env, 300);
  }

  private static Result run(Path dir, List<String> command, Map<String, String> env, int seconds)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("mcp-client", ".out");
    Path err = Files.createTempFile("mcp-client", ".err");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(command + " did not finish in " + seconds + " s");
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

  private static Optional<Path> which(String tool) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(d, tool);
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
