package org.llmadvisor.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.llmadvisor.core.gguf.GgufFormatException;
import org.llmadvisor.core.gguf.GgufModel;
import org.llmadvisor.core.gguf.GgufReader;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.model.ArchitectureException;
import org.llmadvisor.core.model.HuggingFaceConfig;

/**
 * Reads a model the catalog does not hold from where it is published, without downloading its
 * weights: an Ollama tag from the registry's manifest and the head of its GGUF blob (HTTP range
 * requests, doubling until the metadata and tensor table are in), a Hugging Face repository from
 * its {@code config.json} and the headers of its safetensors files (the 8-byte length, then the
 * JSON of every tensor's dtype and shape). What was read is kept in the cache folder, so a name
 * read once answers offline afterwards.
 *
 * <p>The registries speak the OCI distribution API (Ollama's {@code /v2/<namespace>/<name>
 * /manifests/<tag>}, Hugging Face's {@code hf.co/v2/<owner>/<repo>/manifests/<quantization>} for
 * GGUF repositories) and Hugging Face's {@code /<repo>/resolve/<revision>/<file>}.
 */
public final class RemoteModels {

  /** Where to look, and whether to look at all. */
  public record Settings(
      boolean online,
      URI ollamaRegistry,
      URI huggingFace,
      Optional<String> huggingFaceToken,
      Optional<Path> cache,
      Duration timeout) {
    public static final Settings OFFLINE =
        new Settings(
            false,
            URI.create("https://registry.ollama.ai"),
            URI.create("https://huggingface.co"),
            Optional.empty(),
            Optional.empty(),
            Duration.ofSeconds(10));
  }

  /** A model read from a registry, with where it came from in words. */
  public record Read(Architecture architecture, Optional<GgufModel> file, String source) {}

  /** Why a name could not be read, in words that name what was tried. */
  public static final class Unreadable extends Exception {
    public Unreadable(String message) {
      super(message);
    }
  }

  static final String MODEL_LAYER = "application/vnd.ollama.image.model";
  private static final Pattern TAG =
      Pattern.compile("(?:([a-z0-9][\\w.-]*)/)?([a-z0-9][\\w.-]*)(?::([\\w.-]+))?");
  private static final Pattern HF_TAG =
      Pattern.compile("(?:https?://)?hf\\.co/([\\w.-]+)/([\\w.-]+?)(?::([\\w.-]+))?");
  private static final Pattern HF_REPO =
      Pattern.compile("([A-Za-z0-9][\\w.-]*)/([\\w.-]+?)(?:@([\\w./-]+))?");
  private static final int FIRST_READ = 1 << 20;
  private static final int MOST_READ = 64 << 20;
  private static final long MOST_SAFETENSORS_HEADER = 100L << 20;

  private final Settings settings;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  public RemoteModels(Settings settings) {
    this.settings = settings;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(settings.timeout())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  public boolean online() {
    return settings.online();
  }

  /** What this reader would try for {@code name}, for a refusal; empty when it would not. */
  public Optional<String> attempt(String name) {
    if (!settings.online()) {
      return Optional.of("the registries (off: advisor.models.online=false)");
    }
    if (HF_TAG.matcher(name).matches()) {
      return Optional.of("Hugging Face's GGUF registry (" + settings.huggingFace().getHost() + ")");
    }
    if (ollamaTag(name) && TAG.matcher(name).matches()) {
      return Optional.of("the Ollama registry (" + settings.ollamaRegistry().getHost() + ")");
    }
    if (!ollamaTag(name) && HF_REPO.matcher(name).matches()) {
      return Optional.of("Hugging Face (" + settings.huggingFace().getHost() + ")");
    }
    return Optional.empty();
  }

  /** Reads {@code name}; empty when it is not a name a registry serves. */
  public Optional<Read> read(String name) throws Unreadable {
    if (!settings.online()) {
      return Optional.empty();
    }
    Matcher hf = HF_TAG.matcher(name);
    if (hf.matches()) {
      String repo = hf.group(1) + "/" + hf.group(2);
      String tag = Optional.ofNullable(hf.group(3)).orElse("latest");
      return Optional.of(ociGguf(settings.huggingFace(), repo, tag, "hf.co/" + repo + ":" + tag));
    }
    Matcher t = TAG.matcher(name);
    if (ollamaTag(name) && t.matches()) {
      String repo = Optional.ofNullable(t.group(1)).orElse("library") + "/" + t.group(2);
      String tag = Optional.ofNullable(t.group(3)).orElse("latest");
      return Optional.of(ociGguf(settings.ollamaRegistry(), repo, tag, name));
    }
    Matcher r = HF_REPO.matcher(name);
    if (!ollamaTag(name) && r.matches()) {
      String repo = r.group(1) + "/" + r.group(2);
      return Optional.of(safetensors(repo, Optional.ofNullable(r.group(3)).orElse("main")));
    }
    return Optional.empty();
  }

  /**
   * An Ollama name has a tag ({@code qwen2.5:7b}, {@code user/model:q4}) or no owner ({@code
   * llama3}); owner/name without a tag is a Hugging Face repository.
   */
  private static boolean ollamaTag(String name) {
    return name.contains(":") || !name.contains("/");
  }

  private Read ociGguf(URI registry, String repo, String tag, String name) throws Unreadable {
    URI manifest = registry.resolve("/v2/" + repo + "/manifests/" + tag);
    JsonNode m =
        parse(get(manifest, "application/vnd.docker.distribution.manifest.v2+json", -1), manifest);
    String digest = null;
    long size = -1;
    for (JsonNode layer : m.path("layers")) {
      if (MODEL_LAYER.equals(layer.path("mediaType").asText())) {
        digest = layer.path("digest").asText();
        size = layer.path("size").asLong(-1);
      }
    }
    if (digest == null || !digest.startsWith("sha256:")) {
      throw new Unreadable(manifest + " lists no model layer (" + MODEL_LAYER + ")");
    }
    URI blob = registry.resolve("/v2/" + repo + "/blobs/" + digest);
    for (int n = FIRST_READ; ; n *= 2) {
      byte[] head = get(blob, null, size > 0 ? Math.min(n, size) : n);
      try {
        GgufModel g = GgufModel.of(GgufReader.read(new ByteArrayInputStream(head)));
        return new Read(
            g.architecture(),
            Optional.of(g),
            String.format(
                "%s from %s: the manifest, then the first %,d bytes of its GGUF blob %s (metadata"
                    + " and tensor table, stored types)",
                name, registry.getHost(), head.length, digest.substring(0, 19)));
      } catch (GgufFormatException e) {
        boolean truncated = e.getMessage().contains("truncated");
        if (!truncated || n >= MOST_READ || (size > 0 && n >= size)) {
          throw new Unreadable(blob + " is not a readable GGUF model: " + e.getMessage());
        }
      } catch (ArchitectureException e) {
        throw new Unreadable(name + "'s GGUF header names no model read here: " + e.getMessage());
      }
    }
  }

  private Read safetensors(String repo, String revision) throws Unreadable {
    URI base = settings.huggingFace().resolve("/" + repo + "/resolve/" + revision + "/");
    URI configUri = base.resolve("config.json");
    JsonNode config = parse(get(configUri, "application/json", -1), configUri);
    Architecture a;
    try {
      a = HuggingFaceConfig.parse(config);
    } catch (ArchitectureException e) {
      throw new Unreadable(configUri + " is not a model read here: " + e.getMessage());
    }
    Set<String> files = new LinkedHashSet<>();
    URI index = base.resolve("model.safetensors.index.json");
    try {
      parse(get(index, "application/json", -1), index)
          .path("weight_map")
          .forEach(f -> files.add(f.asText()));
    } catch (Unreadable e) {
      files.add("model.safetensors");
    }
    Map<String, Long> byDtype = new TreeMap<>();
    long parameters = 0;
    for (String f : files) {
      URI file = base.resolve(f);
      long length = ByteBuffer.wrap(get(file, null, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
      if (length <= 0 || length > MOST_SAFETENSORS_HEADER) {
        throw new Unreadable(file + " has no safetensors header (length " + length + ")");
      }
      JsonNode header = parse(get(file, null, 8 + length, 8), file);
      for (var e : (Iterable<Map.Entry<String, JsonNode>>) header::fields) {
        if (e.getKey().equals("__metadata__")) {
          continue;
        }
        long n = 1;
        for (JsonNode d : e.getValue().path("shape")) {
          n = Math.multiplyExact(n, d.asLong());
        }
        parameters += n;
        byDtype.merge(e.getValue().path("dtype").asText("?"), n, Long::sum);
      }
    }
    return new Read(
        a,
        Optional.empty(),
        String.format(
            "Hugging Face %s@%s: config.json and the headers of %d safetensors file%s, %,d"
                + " weights stored as %s",
            repo, revision, files.size(), files.size() == 1 ? "" : "s", parameters, byDtype));
  }

  private JsonNode parse(byte[] body, URI from) throws Unreadable {
    try {
      return json.readTree(body);
    } catch (IOException e) {
      throw new Unreadable(from + " did not answer JSON: " + e.getMessage());
    }
  }

  private byte[] get(URI uri, String accept, long bytes) throws Unreadable {
    return get(uri, accept, bytes, 0);
  }

  /**
   * The body of {@code uri}, or {@code [from, to)} of it when {@code to} > 0, from the cache when
   * it was read before.
   */
  private byte[] get(URI uri, String accept, long to, long from) throws Unreadable {
    String key = uri + (to > 0 ? "#" + from + "-" + to : "");
    Optional<Path> cached = settings.cache().map(c -> c.resolve("registry").resolve(sha256(key)));
    if (cached.isPresent() && Files.isRegularFile(cached.get())) {
      try {
        return Files.readAllBytes(cached.get());
      } catch (IOException e) {
        // read it again below
      }
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(settings.timeout()).GET();
    if (accept != null) {
      b.header("Accept", accept);
    }
    if (to > 0) {
      b.header("Range", "bytes=" + from + "-" + (to - 1));
    }
    if (uri.getHost() != null
        && uri.getHost().equals(settings.huggingFace().getHost())
        && settings.huggingFaceToken().isPresent()) {
      b.header("Authorization", "Bearer " + settings.huggingFaceToken().get());
    }
    HttpResponse<byte[]> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new Unreadable(
          uri.getHost() + " could not be reached (" + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unreadable(uri.getHost() + ": interrupted");
    }
    int status = r.statusCode();
    if (status == 401 || status == 403) {
      throw new Unreadable(
          uri
              + " answered "
              + status
              + (settings.huggingFaceToken().isPresent()
                  ? " with the HF_TOKEN given"
                  : " (a gated repository needs HF_TOKEN)"));
    }
    if (status != 200 && status != 206) {
      throw new Unreadable(uri + " answered " + status);
    }
    byte[] body = r.body();
    if (status == 200 && to > 0) {
      // a server that ignores Range sends the whole body: keep the part asked for
      body =
          Arrays.copyOfRange(
              body, (int) Math.min(from, body.length), (int) Math.min(to, body.length));
    }
    if (cached.isPresent()) {
      try {
        Files.createDirectories(cached.get().getParent());
        Files.write(cached.get(), body);
      } catch (IOException e) {
        // a cache that cannot be written only costs a second read
      }
    }
    return body;
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
