package org.llmadvisor.app;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The packaged jar as a process of its own, for the tests of restarts and replicas. */
final class PackagedApp {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private PackagedApp() {}

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /**
   * Starts {@code target/quarkus-app/quarkus-run.jar} on {@code port} with its ledger in {@code
   * data}, the given {@code -D} options and environment, logging to {@code data/app.log}; returns
   * once {@code /q/health/live} answers.
   */
  static Process start(int port, Path data, List<String> options, Map<String, String> env)
      throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Dquarkus.http.port=" + port);
    cmd.add("-Dadvisor.data-dir=" + data);
    cmd.addAll(options);
    cmd.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(data.resolve("app.log").toFile());
    pb.environment().putAll(env);
    Process app = pb.start();
    URI live = URI.create("http://127.0.0.1:" + port + "/q/health/live");
    for (int i = 0; i < 300; i++) {
      try {
        if (HTTP.send(HttpRequest.newBuilder(live).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()
            == 200) {
          return app;
        }
      } catch (IOException notYet) {
        // starting
      }
      Thread.sleep(50);
    }
    app.destroyForcibly();
    throw new AssertionError("app did not start: " + Files.readString(data.resolve("app.log")));
  }
}
