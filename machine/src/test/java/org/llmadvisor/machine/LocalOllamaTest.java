package org.llmadvisor.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LocalOllamaTest {

  @Test
  void should_read_version_models_and_loaded_memory_when_ollama_answers() throws IOException {
    assertThat(LocalOllama.version(Recorded.text("ollama/version.json"))).contains("0.12.6");
    assertThat(LocalOllama.models(Recorded.text("ollama/tags.json")))
        .containsExactly("llama3.2:3b", "qwen2.5:7b");
    assertThat(LocalOllama.running(Recorded.text("ollama/ps.json")))
        .containsExactly(new LocalOllama.Running("qwen2.5:7b", 6654289920L, 4289396736L));
  }

  @Test
  void should_report_unreachable_when_nothing_listens() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }

    LocalOllama.Status s =
        LocalOllama.probe(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(1));

    assertThat(s.reachable()).isFalse();
    assertThat(s.problem()).get().asString().contains("not reachable", "127.0.0.1:" + port);
  }
}
