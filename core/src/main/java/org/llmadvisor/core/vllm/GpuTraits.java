package org.llmadvisor.core.vllm;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.llmadvisor.core.data.CatalogFiles;
import org.llmadvisor.core.hardware.Hardware;

/**
 * What vLLM's kernels depend on beyond the plain hardware row, read from the same rows of {@code
 * catalog/hardware.json} (and a user's file): the GPU generation, which decides FP8; the BF16 rate
 * with FP32 accumulate where it is not the listed FP16 rate (GeForce cards halve it); the FP8 rate;
 * and NVLink for tensor parallelism.
 *
 * @param architecture GPU generation ({@code ada}, {@code hopper}, …); empty when not known
 * @param bf16Tflops dense BF16 tensor rate with FP32 accumulate, when it differs from {@code
 *     fp16Tflops}
 * @param fp8Tflops dense FP8 tensor rate
 * @param nvlinkGBps NVLink bandwidth of the board, both directions together; empty without NVLink
 */
public record GpuTraits(
    Optional<String> architecture,
    Optional<Double> bf16Tflops,
    Optional<Double> fp8Tflops,
    Optional<Double> nvlinkGBps) {

  /** Nothing known beyond the hardware row (a device described in a request, this machine). */
  public static final GpuTraits UNKNOWN =
      new GpuTraits(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  /** BF16 / FP16 tensor rate vLLM's 16-bit matrix products run at, in TFLOP/s; empty if unknown. */
  public Optional<Double> sixteenBitTflops(Hardware hw) {
    return bf16Tflops.or(hw::fp16Tflops);
  }

  /** The traits of every catalog device by id: bundled rows, then the user's. */
  public static Map<String, GpuTraits> load(Optional<Path> userFile) {
    record Row(String id, GpuTraits traits) {}
    List<Row> rows =
        CatalogFiles.load(
            "hardware.json",
            "hardware",
            userFile,
            (row, where) -> new Row(CatalogFiles.text(row, "id", where), parse(row, where)),
            Row::id);
    Map<String, GpuTraits> m = new LinkedHashMap<>();
    rows.forEach(r -> m.put(r.id().toLowerCase(Locale.ROOT), r.traits()));
    return m;
  }

  static GpuTraits parse(JsonNode row, String where) {
    return new GpuTraits(
        CatalogFiles.optText(row, "architecture").map(s -> s.toLowerCase(Locale.ROOT)),
        CatalogFiles.optNumber(row, "bf16Tflops", where).filter(v -> v > 0),
        CatalogFiles.optNumber(row, "fp8Tflops", where).filter(v -> v > 0),
        CatalogFiles.optNumber(row, "nvlinkGBps", where).filter(v -> v > 0));
  }
}
