package org.llmadvisor.core.vllm;

/**
 * A vLLM estimate that vLLM itself would refuse (FP8 on a GPU without FP8, a tensor-parallel size
 * that does not divide the heads, a device vLLM does not run on); names the request field to
 * change.
 */
public final class VllmException extends IllegalArgumentException {
  private final String field;

  public VllmException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** {@code quantization}, {@code hardware}, {@code tensorParallel}, {@code maxModelLen}, … */
  public String field() {
    return field;
  }
}
