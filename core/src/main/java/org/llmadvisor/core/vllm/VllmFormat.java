package org.llmadvisor.core.vllm;

import java.util.Locale;
import java.util.Optional;

/**
 * How vLLM holds a model's weights: the 16-bit checkpoint as published, FP8 (vLLM's {@code
 * --quantization fp8} or an FP8 checkpoint), or a 4-bit AWQ or GPTQ checkpoint (group size 128, run
 * by the Marlin kernels). Only the linear layers inside the blocks are quantized; embeddings, norms
 * and the LM head stay 16-bit in every format.
 */
public enum VllmFormat {
  BF16("bf16"),
  FP16("fp16"),
  FP8("fp8"),
  AWQ("awq"),
  GPTQ("gptq");

  private final String id;

  VllmFormat(String id) {
    this.id = id;
  }

  /** The name vLLM and the API use: {@code bf16}, {@code fp16}, {@code fp8}, {@code awq}. */
  public String id() {
    return id;
  }

  /** True for the 4-bit formats, whose linear weights carry per-group scales and zeros. */
  public boolean fourBit() {
    return this == AWQ || this == GPTQ;
  }

  /** Case-insensitive; {@code bfloat16}, {@code float16} and {@code half} are accepted too. */
  public static Optional<VllmFormat> parse(String s) {
    if (s == null) {
      return Optional.empty();
    }
    String t = s.trim().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "bf16", "bfloat16" -> Optional.of(BF16);
      case "fp16", "float16", "half" -> Optional.of(FP16);
      case "fp8" -> Optional.of(FP8);
      case "awq" -> Optional.of(AWQ);
      case "gptq" -> Optional.of(GPTQ);
      default -> Optional.empty();
    };
  }

  /** The accepted names, for error messages. */
  public static String names() {
    return "bf16|fp16|fp8|awq|gptq";
  }

  @Override
  public String toString() {
    return id;
  }
}
