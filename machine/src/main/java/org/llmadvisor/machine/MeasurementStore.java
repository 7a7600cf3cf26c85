package org.llmadvisor.machine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;

/**
 * The last measurement, kept in the data folder ({@code machine.json}) with its date and the
 * machine it was taken on, so that a restart does not re-measure and a copied folder does not lie.
 * Written to a temporary file and moved into place: a crash leaves the old file or the new one.
 */
public final class MeasurementStore {

  static final String SOURCE =
      "measured on this machine by advisor-machine (MemoryBandwidth, TokenRead, DotProducts)";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;

  public MeasurementStore(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  /** The stored measurement of {@code machine}; empty when none, unreadable, or of another. */
  public Optional<Measurement> load(String machine) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      Measurement m = fromJson(JSON.readTree(Files.readString(file)));
      return m.machine().equals(machine) ? Optional.of(m) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  public void save(Measurement m) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "machine", ".json.tmp");
      Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(m)));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  static ObjectNode toJson(Measurement m) {
    ObjectNode root = JSON.createObjectNode();
    root.put("measuredAt", m.measuredAt().toString());
    root.put("machine", m.machine());
    root.put("source", SOURCE);
    ObjectNode bw = root.putObject("bandwidth");
    bw.put("gbps", m.bandwidth().gbps());
    bw.put("threads", m.bandwidth().threads());
    bw.put("bytesPerThread", m.bandwidth().bytesPerThread());
    bw.put("seconds", m.bandwidth().seconds());
    ObjectNode tr = root.putObject("tokenRead");
    tr.put("threads", m.tokenRead().threads());
    tr.put("layers", m.tokenRead().layers());
    tr.put("bytesPerLayer", m.tokenRead().bytesPerLayer());
    tr.put("tokens", m.tokenRead().tokens());
    tr.put("secondsPerToken", m.tokenRead().secondsPerToken());
    tr.put("syncSecondsPerLayer", m.tokenRead().syncSecondsPerLayer());
    m.dotProducts()
        .ifPresent(
            d -> {
              ObjectNode dp = root.putObject("dotProducts");
              dp.put("threads", d.threads());
              dp.put("gopsPerThread", d.gopsPerThread());
            });
    return root;
  }

  static Measurement fromJson(JsonNode root) {
    JsonNode bw = root.required("bandwidth");
    JsonNode tr = root.required("tokenRead");
    return new Measurement(
        Instant.parse(root.required("measuredAt").asText()),
        root.required("machine").asText(),
        new MemoryBandwidth.Result(
            bw.required("gbps").asDouble(),
            bw.required("threads").asInt(),
            bw.required("bytesPerThread").asLong(),
            bw.required("seconds").asDouble()),
        new TokenRead.Result(
            tr.required("threads").asInt(),
            tr.required("layers").asInt(),
            tr.required("bytesPerLayer").asLong(),
            tr.required("tokens").asLong(),
            tr.required("secondsPerToken").asDouble(),
            tr.required("syncSecondsPerLayer").asDouble()),
        root.has("dotProducts")
            ? java.util.Optional.of(
                new DotProducts.Result(
                    root.get("dotProducts").required("threads").asInt(),
                    root.get("dotProducts").required("gopsPerThread").asDouble()))
            : java.util.Optional.empty());
  }
}
