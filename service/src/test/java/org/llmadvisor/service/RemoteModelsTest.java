package org.llmadvisor.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmadvisor.core.catalog.ModelCatalog;
import org.llmadvisor.core.gguf.GgufReaderTest;
import org.llmadvisor.core.memory.QuantRecipe;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.model.ParameterCount;

/**
 * Reading a model the catalog lacks from a local server that speaks the registries' published
 * protocols: the OCI distribution API of the Ollama registry (a manifest whose model layer is a
 * GGUF blob, served in ranges) and Hugging Face's resolve URLs (config.json, the safetensors index
 * and each file's 8-byte header length and JSON header). The weights are never asked for.
 */
class RemoteModelsTest {

  private static final Architecture LLAMA3 =
      ModelCatalog.bundled().find("llama-3-8b").orElseThrow().architecture();
  private static final String DIGEST =
      "sha256:6a0746a1ec1aef3e7ec53868f220ff6e389f6f8ef87a01d77c96807de94ca2aa";

  private HttpServer server;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final List<String> ranges = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final AtomicLong bytesSent = new AtomicLong();
  private byte[] blob;

  @TempDir Path cache;

  @BeforeEach
  void start() throws IOException {
    byte[] header = GgufReaderTest.llamaFile(LLAMA3, QuantRecipe.Q4_K_M.apply(LLAMA3), 15);
    // the header, then 8 MiB standing in for the weights that must never be read
    blob = Arrays.copyOf(header, header.length + (8 << 20));
    files.put("/v2/library/llama3.1/blobs/" + DIGEST, blob);
    files.put(
        "/v2/library/llama3.1/manifests/8b",
        ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\","
                + "\"digest\":\"sha256:00\",\"size\":485},\"layers\":["
                + "{\"mediaType\":\"application/vnd.ollama.image.model\",\"digest\":\""
                + DIGEST
                + "\",\"size\":"
                + blob.length
                + "},{\"mediaType\":\"application/vnd.ollama.image.license\","
                + "\"digest\":\"sha256:01\",\"size\":12321}]}")
            .getBytes(StandardCharsets.UTF_8));
    String repo = "/meta-llama/Llama-3.1-8B-Instruct/resolve/main/";
    files.put(repo + "config.json", config().getBytes(StandardCharsets.UTF_8));
    files.put(
        repo + "model.safetensors.index.json",
        ("{\"metadata\":{\"total_size\":16060522496},\"weight_map\":{"
                + "\"model.embed_tokens.weight\":\"model-00001-of-00002.safetensors\","
                + "\"lm_head.weight\":\"model-00002-of-00002.safetensors\"}}")
            .getBytes(StandardCharsets.UTF_8));
    files.put(
        repo + "model-00001-of-00002.safetensors",
        safetensors(
            "{\"__metadata__\":{\"format\":\"pt\"},\"model.embed_tokens.weight\":"
                + "{\"dtype\":\"BF16\",\"shape\":[128256,4096],\"data_offsets\":[0,1050673152]}}"));
    files.put(
        repo + "model-00002-of-00002.safetensors",
        safetensors(
            "{\"lm_head.weight\":{\"dtype\":\"BF16\",\"shape\":[128256,4096],"
                + "\"data_offsets\":[0,1050673152]}}"));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::serve);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static String config() {
    return "{\"architectures\":[\"LlamaForCausalLM\"],\"model_type\":\"llama\",\"hidden_size\":4096,"
        + "\"intermediate_size\":14336,\"num_attention_heads\":32,\"num_hidden_layers\":32,"
        + "\"num_key_value_heads\":8,\"vocab_size\":128256,\"max_position_embeddings\":131072,"
        + "\"rms_norm_eps\":1e-05,\"tie_word_embeddings\":false,\"torch_dtype\":\"bfloat16\"}";
  }

  /** A safetensors file as published: header length, JSON header, then (some of) the data. */
  private static byte[] safetensors(String header) {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + 4096).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h);
    return b.array();
  }

  private void serve(HttpExchange x) throws IOException {
    String path = x.getRequestURI().getPath();
    Optional.ofNullable(x.getRequestHeaders().getFirst("Authorization"))
        .ifPresent(authorizations::add);
    if (path.startsWith("/gated/")
        && !"Bearer hf_secret".equals(x.getRequestHeaders().getFirst("Authorization"))) {
      x.sendResponseHeaders(401, -1);
      x.close();
      return;
    }
    byte[] body = files.get(path.replaceFirst("^/gated", "/meta-llama"));
    if (body == null) {
      x.sendResponseHeaders(404, -1);
      x.close();
      return;
    }
    String range = x.getRequestHeaders().getFirst("Range");
    int status = 200;
    if (range != null) {
      ranges.add(path + " " + range);
      String[] p = range.substring("bytes=".length()).split("-");
      int from = Integer.parseInt(p[0]);
      int to = Math.min(Integer.parseInt(p[1]) + 1, body.length);
      body = Arrays.copyOfRange(body, from, to);
      status = 206;
    }
    bytesSent.addAndGet(body.length);
    x.sendResponseHeaders(status, body.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(body);
    }
  }

  private RemoteModels remote(Optional<String> token) {
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    return new RemoteModels(
        new RemoteModels.Settings(
            true, base, base, token, Optional.of(cache), Duration.ofSeconds(5)));
  }

  @Test
  void should_read_an_ollama_tag_from_the_manifest_and_the_head_of_its_blob() throws Exception {
    RemoteModels.Read r = remote(Optional.empty()).read("llama3.1:8b").orElseThrow();

    assertThat(ParameterCount.of(r.architecture()).total()).isEqualTo(8_030_261_248L);
    assertThat(r.file()).isPresent();
    assertThat(r.file().get().fileType()).isEqualTo("Q4_K_M");
    assertThat(r.source()).contains("llama3.1:8b").contains("GGUF blob sha256:6a0746a1ec");
    // the header of a 128,256-token vocabulary is over 1 MiB: the read doubled once
    assertThat(ranges)
        .containsExactly(
            "/v2/library/llama3.1/blobs/" + DIGEST + " bytes=0-1048575",
            "/v2/library/llama3.1/blobs/" + DIGEST + " bytes=0-2097151");
    assertThat(bytesSent.get()).isLessThan(4 << 20).isLessThan(blob.length / 2);
  }

  @Test
  void should_answer_from_the_cache_once_read_when_the_registry_is_gone() throws Exception {
    remote(Optional.empty()).read("llama3.1:8b").orElseThrow();
    RemoteModels again = remote(Optional.empty());
    server.stop(0);

    RemoteModels.Read r = again.read("llama3.1:8b").orElseThrow();
    assertThat(ParameterCount.of(r.architecture()).total()).isEqualTo(8_030_261_248L);
  }

  @Test
  void should_read_a_hugging_face_repository_from_config_and_safetensors_headers()
      throws Exception {
    RemoteModels.Read r =
        remote(Optional.empty()).read("meta-llama/Llama-3.1-8B-Instruct").orElseThrow();

    assertThat(ParameterCount.of(r.architecture()).total()).isEqualTo(8_030_261_248L);
    assertThat(r.file()).isEmpty();
    assertThat(r.source())
        .contains("config.json and the headers of 2 safetensors files")
        .contains("1,050,673,152 weights stored as {BF16=1050673152}");
    // each file: its 8-byte length, then its header, never its data
    assertThat(ranges)
        .allMatch(s -> s.endsWith("bytes=0-7") || s.matches(".* bytes=8-\\d+"))
        .hasSize(4);
  }

  @Test
  void should_say_a_gated_repository_needs_hf_token_and_send_it_when_given() throws Exception {
    assertThatThrownBy(() -> remote(Optional.empty()).read("gated/Llama-3.1-8B-Instruct"))
        .isInstanceOf(RemoteModels.Unreadable.class)
        .hasMessageContaining("401")
        .hasMessageContaining("needs HF_TOKEN");

    RemoteModels.Read r =
        remote(Optional.of("hf_secret")).read("gated/Llama-3.1-8B-Instruct").orElseThrow();
    assertThat(ParameterCount.of(r.architecture()).total()).isEqualTo(8_030_261_248L);
    assertThat(authorizations).contains("Bearer hf_secret");
  }

  @Test
  void should_name_what_was_tried_when_a_tag_is_nowhere() {
    Catalogs catalogs = Catalogs.load(Optional.empty(), remote(Optional.empty()));
    assertThatThrownBy(
            () -> ModelNames.resolve("nosuchmodel:7b", FieldPath.BODY.field("model"), catalogs))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("model")
        .hasMessageContaining("the Ollama registry (127.0.0.1)")
        .hasMessageContaining("answered 404");
  }

  @Test
  void should_resolve_a_tag_the_catalog_lacks_through_the_registry_for_an_estimate() {
    Catalogs catalogs = Catalogs.load(Optional.empty(), remote(Optional.empty()));
    ModelRef.Resolved r =
        ModelNames.resolve("llama3.1:8b", FieldPath.BODY.field("model"), catalogs);
    // the bundled catalog knows llama3.1:8b: it answers without the registry
    assertThat(r.source()).doesNotContain("127.0.0.1");
    assertThat(ranges).isEmpty();

    files.put("/v2/library/my-llama/manifests/q4", files.get("/v2/library/llama3.1/manifests/8b"));
    files.put("/v2/library/my-llama/blobs/" + DIGEST, blob);
    ModelRef.Resolved mine =
        ModelNames.resolve("my-llama:q4", FieldPath.BODY.field("model"), catalogs);
    assertThat(mine.source()).contains("my-llama:q4 from 127.0.0.1");
    assertThat(mine.file()).isPresent();
    assertThat(mine.quantizationNamed()).isTrue();
  }

  @Test
  void should_refuse_by_name_when_the_registries_are_off() {
    Catalogs catalogs = Catalogs.load(Optional.empty());
    assertThatThrownBy(
            () -> ModelNames.resolve("my-llama:q4", FieldPath.BODY.field("model"), catalogs))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("advisor.models.online=false");
  }
}
