package org.llmadvisor.core.vllm;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.llmadvisor.core.data.CatalogException;
import org.llmadvisor.core.data.CatalogFiles;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.units.ByteSize;

/**
 * vLLM's defaults and the fitted speed constants, from {@code catalog/vllm.json} where each carries
 * its source; a user's catalog file may override any of them under {@code vllm} (same shape).
 *
 * @param version the vLLM release these defaults are those of
 * @param gpuMemoryUtilization {@code --gpu-memory-utilization}: the share of each GPU vLLM may use
 * @param blockSizeTokens tokens per KV cache block (PagedAttention's page)
 * @param maxNumSeqs {@code --max-num-seqs} on GPUs below the large-GPU threshold
 * @param maxNumBatchedTokens {@code --max-num-batched-tokens} (chunked prefill's budget per step)
 *     likewise
 * @param largeGpuMinMemory from this much device memory vLLM takes the large-GPU defaults
 * @param largeGpuExcludedNames GPUs whose name contains one of these keep the small defaults
 * @param largeGpuMaxNumSeqs {@code --max-num-seqs} on a large GPU
 * @param largeGpuMaxNumBatchedTokens {@code --max-num-batched-tokens} on a large GPU
 * @param vocabPaddingSize embedding and LM head rows are padded to a multiple of this
 * @param quantGroupSize input rows sharing one scale (and zero) in AWQ and GPTQ
 * @param nonTorch memory outside PyTorch's allocator per GPU
 * @param activationBytesPerTokenWidth activation peak per batched token per unit of (hidden +
 *     intermediate width)
 * @param cudaGraph memory of the captured CUDA graphs per GPU
 * @param fp8ScaleBytesPerMatrix the per-tensor scale of an FP8 weight
 * @param stepOverheadMs fixed time of every engine step
 * @param computeEfficiency share of the dtype's dense tensor rate matrix products reach
 * @param allReduceLatencyUsNvlink one small all-reduce over NVLink
 * @param allReduceLatencyUsPcie one small all-reduce over PCIe
 * @param allReducesPerLayer all-reduces per layer under tensor parallelism
 * @param fp8Architectures GPU generations (as in {@code hardware.json}'s {@code architecture}) and
 *     whether they have FP8 tensor cores
 */
public record VllmConstants(
    String version,
    double gpuMemoryUtilization,
    int blockSizeTokens,
    int maxNumSeqs,
    int maxNumBatchedTokens,
    ByteSize largeGpuMinMemory,
    List<String> largeGpuExcludedNames,
    int largeGpuMaxNumSeqs,
    int largeGpuMaxNumBatchedTokens,
    int vocabPaddingSize,
    int quantGroupSize,
    ByteSize nonTorch,
    double activationBytesPerTokenWidth,
    ByteSize cudaGraph,
    int fp8ScaleBytesPerMatrix,
    double stepOverheadMs,
    double computeEfficiency,
    double allReduceLatencyUsNvlink,
    double allReduceLatencyUsPcie,
    int allReducesPerLayer,
    Map<String, Boolean> fp8Architectures) {

  private static final String FILE = "vllm.json";
  private static final long MIB = 1024L * 1024L;

  public VllmConstants {
    largeGpuExcludedNames = List.copyOf(largeGpuExcludedNames);
    fp8Architectures = Map.copyOf(fp8Architectures);
    if (!(gpuMemoryUtilization > 0 && gpuMemoryUtilization <= 1)) {
      throw new IllegalArgumentException(
          "gpuMemoryUtilization must be in (0, 1], was " + gpuMemoryUtilization);
    }
    positive("blockSizeTokens", blockSizeTokens);
    positive("maxNumSeqs", maxNumSeqs);
    positive("maxNumBatchedTokens", maxNumBatchedTokens);
    positive("largeGpuMaxNumSeqs", largeGpuMaxNumSeqs);
    positive("largeGpuMaxNumBatchedTokens", largeGpuMaxNumBatchedTokens);
    positive("vocabPaddingSize", vocabPaddingSize);
    positive("quantGroupSize", quantGroupSize);
    positive("allReducesPerLayer", allReducesPerLayer);
    if (!(computeEfficiency > 0 && computeEfficiency <= 1)) {
      throw new IllegalArgumentException(
          "computeEfficiency must be in (0, 1], was " + computeEfficiency);
    }
    for (double v :
        new double[] {
          activationBytesPerTokenWidth,
          stepOverheadMs,
          allReduceLatencyUsNvlink,
          allReduceLatencyUsPcie,
          fp8ScaleBytesPerMatrix
        }) {
      if (!(v >= 0) || !Double.isFinite(v)) {
        throw new IllegalArgumentException("vLLM constants must be >= 0 and finite, was " + v);
      }
    }
  }

  private static void positive(String name, long v) {
    if (v < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, was " + v);
    }
  }

  /** True when vLLM takes its large-GPU defaults on {@code hw} (H100, MI300X; not A100). */
  public boolean largeGpu(Hardware hw) {
    String name = hw.name().toUpperCase(Locale.ROOT);
    return hw.memory().bytes() >= largeGpuMinMemory.bytes()
        && largeGpuExcludedNames.stream().noneMatch(n -> name.contains(n.toUpperCase(Locale.ROOT)));
  }

  /** vLLM's default {@code --max-num-seqs} on {@code hw}. */
  public int maxNumSeqs(Hardware hw) {
    return largeGpu(hw) ? largeGpuMaxNumSeqs : maxNumSeqs;
  }

  /** vLLM's default {@code --max-num-batched-tokens} on {@code hw}. */
  public int maxNumBatchedTokens(Hardware hw) {
    return largeGpu(hw) ? largeGpuMaxNumBatchedTokens : maxNumBatchedTokens;
  }

  /** Whether a GPU generation has FP8 tensor cores; false when unknown. */
  public boolean hasFp8(Optional<String> architecture) {
    return architecture
        .map(a -> fp8Architectures.getOrDefault(a.toLowerCase(Locale.ROOT), false))
        .orElse(false);
  }

  /** These constants with other fitted speed constants (for the fit and its tests). */
  public VllmConstants withSpeed(double overheadMs, double efficiency) {
    return new VllmConstants(
        version,
        gpuMemoryUtilization,
        blockSizeTokens,
        maxNumSeqs,
        maxNumBatchedTokens,
        largeGpuMinMemory,
        largeGpuExcludedNames,
        largeGpuMaxNumSeqs,
        largeGpuMaxNumBatchedTokens,
        vocabPaddingSize,
        quantGroupSize,
        nonTorch,
        activationBytesPerTokenWidth,
        cudaGraph,
        fp8ScaleBytesPerMatrix,
        overheadMs,
        efficiency,
        allReduceLatencyUsNvlink,
        allReduceLatencyUsPcie,
        allReducesPerLayer,
        fp8Architectures);
  }

  public static VllmConstants bundled() {
    return load(Optional.empty());
  }

  /** The bundled constants, each replaced by the user's file where it names it under vllm. */
  public static VllmConstants load(Optional<Path> userFile) {
    JsonNode b = CatalogFiles.bundled(FILE).path("vllm");
    JsonNode u = CatalogFiles.user(userFile).path("vllm");
    String where = userFile.map(p -> p + " or ").orElse("") + "bundled " + FILE;
    try {
      JsonNode large = b.path("largeGpu");
      JsonNode userLarge = u.path("largeGpu");
      List<String> excluded = new ArrayList<>();
      pick(large, userLarge, "excludedNames").forEach(n -> excluded.add(n.asText()));
      Map<String, Boolean> fp8 = new TreeMap<>();
      JsonNode arch = b.path("gpuArchitectures").path("fp8");
      arch.fields().forEachRemaining(e -> fp8.put(e.getKey(), e.getValue().asBoolean()));
      u.path("gpuArchitectures")
          .path("fp8")
          .fields()
          .forEachRemaining(e -> fp8.put(e.getKey(), e.getValue().asBoolean()));
      JsonNode speed = b.path("speed");
      JsonNode userSpeed = u.path("speed");
      JsonNode ar = speed.path("allReduceLatencyUs");
      JsonNode userAr = userSpeed.path("allReduceLatencyUs");
      return new VllmConstants(
          value(b, u, "version").asText(),
          number(value(b, u, "gpuMemoryUtilization"), "gpuMemoryUtilization", where),
          (int) number(value(b, u, "blockSizeTokens"), "blockSizeTokens", where),
          (int) number(value(b, u, "maxNumSeqs"), "maxNumSeqs", where),
          (int) number(value(b, u, "maxNumBatchedTokens"), "maxNumBatchedTokens", where),
          ByteSize.ofGiB(number(pick(large, userLarge, "minMemoryGiB"), "minMemoryGiB", where)),
          excluded,
          (int) number(pick(large, userLarge, "maxNumSeqs"), "largeGpu.maxNumSeqs", where),
          (int)
              number(
                  pick(large, userLarge, "maxNumBatchedTokens"),
                  "largeGpu.maxNumBatchedTokens",
                  where),
          (int) number(value(b, u, "vocabPaddingSize"), "vocabPaddingSize", where),
          (int) number(value(b, u, "quantGroupSize"), "quantGroupSize", where),
          ByteSize.ofBytes((long) (number(value(b, u, "nonTorchMiB"), "nonTorchMiB", where) * MIB)),
          number(
              value(b, u, "activationBytesPerTokenWidth"), "activationBytesPerTokenWidth", where),
          ByteSize.ofBytes(
              (long) (number(value(b, u, "cudaGraphMiB"), "cudaGraphMiB", where) * MIB)),
          (int) number(value(b, u, "fp8ScaleBytesPerMatrix"), "fp8ScaleBytesPerMatrix", where),
          number(value(speed, userSpeed, "stepOverheadMs"), "speed.stepOverheadMs", where),
          number(value(speed, userSpeed, "computeEfficiency"), "speed.computeEfficiency", where),
          number(pick(ar, userAr, "nvlink"), "speed.allReduceLatencyUs.nvlink", where),
          number(pick(ar, userAr, "pcie"), "speed.allReduceLatencyUs.pcie", where),
          (int)
              number(
                  value(speed, userSpeed, "allReducesPerLayer"), "speed.allReducesPerLayer", where),
          fp8);
    } catch (IllegalArgumentException e) {
      throw new CatalogException(where + ": vllm: " + e.getMessage(), e);
    }
  }

  private static JsonNode pick(JsonNode bundled, JsonNode user, String field) {
    JsonNode v = user.path(field);
    return v.isMissingNode() ? bundled.path(field) : v;
  }

  private static JsonNode value(JsonNode bundled, JsonNode user, String field) {
    JsonNode v = pick(bundled, user, field);
    return v.isObject() ? v.path("value") : v;
  }

  private static double number(JsonNode n, String field, String where) {
    if (!n.isNumber() || !Double.isFinite(n.asDouble()) || n.asDouble() < 0) {
      throw new CatalogException(
          where + ": vllm: field '" + field + "' must be a number >= 0, was " + n);
    }
    return n.asDouble();
  }
}
