package org.llmadvisor.core.memory;

import java.util.List;
import org.llmadvisor.core.hardware.CpuProfile;
import org.llmadvisor.core.model.GgmlType;
import org.llmadvisor.core.model.TensorShape;

/**
 * Which weights llama.cpp's CPU backend copies into an interleaved layout when it loads a model
 * (the {@code CPU_REPACK} buffer type), after {@code ggml_repack_get_optimal_repack_type} in
 * ggml-org/llama.cpp {@code ggml/src/ggml-cpu/repack.cpp} (before 2025 {@code
 * ggml-cpu-aarch64.cpp}). A matrix is repacked when the processor has a kernel for its type and its
 * output rows ({@code ne[1]}) divide by the kernel's interleave:
 *
 * <ul>
 *   <li>Q4_0: x86 with AVX2 (8 rows); Arm with SVE and i8mm (8), i8mm (4) or dot product (4)
 *       (repacked at load time since PR #10446, 2024-11; AVX-512 kernels, PR #9532, 2024-09);
 *   <li>IQ4_NL: x86 with AVX2 (8); Arm with dot product (4);
 *   <li>Q4_K: x86 with AVX2 (8; PR #12332, 2025-03, AVX-512 gemm PR #12829, 2025-04); Arm with i8mm
 *       (8; PR #16739, 2025-10-23) or dot product (8; PR #17494, 2025-11-25);
 *   <li>Q2_K: x86 with AVX-512 (8);
 *   <li>Q8_0: Arm with i8mm or dot product (4; PR #18096, 2025-12-16);
 *   <li>Q5_K and Q6_K: Arm with i8mm or dot product (8; PRs #18860, #19356, #18888, #19360,
 *       2026-01-15 to 2026-02-05).
 * </ul>
 *
 * <p>Only the weights of matrix products qualify, so the token embedding (read by row lookup, even
 * when the output head shares it) stays as it is in the file. The interleaved blocks hold the same
 * bytes as the originals (eight {@code block_q4_K} make one {@code block_q4_Kx8}), so the copy is
 * as large as the tensors it replaces.
 *
 * <p>Memory: the repacked copy is anonymous memory. With the file memory-mapped (llama.cpp's
 * default) the mapping of the originals stays in place after the copy is made (llama.cpp issues
 * #16761, 2025-10-24, and #19578, 2026-02-12: resident memory grows by the repacked size, e.g.
 * 1,918 MiB mapped plus 1,299 MiB repacked for Llama 3.2 3B Q4_K_M), though those file pages are
 * clean and the kernel may drop them under pressure. Without the mapping ({@code --no-mmap}, which
 * Ollama passes for CPU-only models: {@code llm/server.go} up to v0.29, {@code --load-mode none}
 * from the llama-server runner of v0.30.0, 2026-06-01) the repacked copy replaces the originals.
 * Ollama's vendored ggml repacks Q4_0 and IQ4_NL from v0.5.8 (2025-02-10), adds Q4_K from v0.6.6
 * (2025-04-18) and Q2_K from v0.11.5 (2025-08-18); from v0.30.0 it runs upstream llama-server.
 */
public final class CpuRepack {

  private CpuRepack() {}

  /**
   * @param repackedBytes bytes llama.cpp copies into the {@code CPU_REPACK} buffer
   * @param matmulBytes bytes of all matrix-product weights (the share of prompt arithmetic that the
   *     repacked kernels can speed up is {@code repackedBytes / matmulBytes})
   */
  public record Result(long repackedBytes, long matmulBytes) {

    /** Share of matrix-product weight bytes that run on repacked kernels, 0 to 1. */
    public double repackedShare() {
      return matmulBytes == 0 ? 0 : (double) repackedBytes / matmulBytes;
    }
  }

  /** The tensors of {@code tensors} that {@code cpu} would repack, in bytes. */
  public static Result of(List<QuantizedTensor> tensors, CpuProfile cpu) {
    // the instruction sets once, not for every tensor
    Features f = Features.of(cpu);
    long repacked = 0;
    long matmul = 0;
    for (QuantizedTensor t : tensors) {
      TensorShape s = t.shape();
      if (s.isOneDimensional() || s.bias() || s.name().startsWith("token_embd")) {
        continue;
      }
      long bytes = t.bytes();
      matmul += bytes;
      if (repacks(t.type(), s.dims().get(1), f)) {
        repacked += bytes;
      }
    }
    return new Result(repacked, matmul);
  }

  /** The instruction sets the repacking kernels need. */
  private record Features(
      boolean avx2, boolean avx512, boolean i8mm, boolean dotprod, boolean sve) {

    static Features of(CpuProfile cpu) {
      boolean i8mm = cpu.has("I8MM");
      return new Features(
          cpu.has("AVX2") || cpu.has("AVX-512"),
          cpu.has("AVX-512"),
          i8mm,
          cpu.has("DOTPROD") || i8mm,
          cpu.has("SVE"));
    }
  }

  /** Whether llama.cpp repacks a matrix of {@code type} with {@code rows} output rows. */
  public static boolean repacks(GgmlType type, long rows, CpuProfile cpu) {
    return repacks(type, rows, Features.of(cpu));
  }

  private static boolean repacks(GgmlType type, long rows, Features f) {
    boolean avx2 = f.avx2();
    boolean avx512 = f.avx512();
    boolean i8mm = f.i8mm();
    boolean dotprod = f.dotprod();
    boolean sve = f.sve();
    return switch (type) {
      case Q4_0 -> ((avx2 || (sve && i8mm)) && rows % 8 == 0) || (dotprod && rows % 4 == 0);
      case IQ4_NL -> (avx2 && rows % 8 == 0) || (dotprod && rows % 4 == 0);
      case Q4_K, Q5_K, Q6_K -> rows % 8 == 0 && (type == GgmlType.Q4_K ? avx2 || dotprod : dotprod);
      case Q2_K -> avx512 && rows % 8 == 0;
      case Q8_0 -> dotprod && rows % 4 == 0;
      default -> false;
    };
  }
}
