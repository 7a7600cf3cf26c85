package org.llmadvisor.core.vllm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.llmadvisor.core.catalog.HardwareCatalog;
import org.llmadvisor.core.catalog.ModelCatalog;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.model.Architecture;

class VllmEstimatorTest {

  static final ModelCatalog MODELS = ModelCatalog.bundled();
  static final HardwareCatalog HW = HardwareCatalog.bundled();
  static final VllmEstimator VLLM = VllmEstimator.bundled();

  static Architecture model(String id) {
    return MODELS.find(id).orElseThrow().architecture();
  }

  static Hardware gpu(String id) {
    return HW.find(id).orElseThrow();
  }

  @Test
  void should_print_a_sweep_for_reading() {
    for (int c : new int[] {1, 4, 16, 64, 256}) {
      VllmEstimate e =
          VLLM.estimate(
              model("llama-3.1-8b"), VllmFormat.BF16, gpu("h100-80gb-sxm"), 1, 8192, c, 1024, 128);
      System.out.printf(
          "c=%d running=%d step=%.2f agg=%.0f each=%.1f ttft=%.0f%n",
          c,
          e.runningSequences(),
          e.stepMs(),
          e.aggregateGenerationTokensPerSecond(),
          e.perSequenceTokensPerSecond(),
          e.timeToFirstTokenMs());
    }
    VllmEstimate e =
        VLLM.estimate(
            model("llama-3.1-8b"), VllmFormat.BF16, gpu("h100-80gb-sxm"), 1, 8192, 64, 1024, 128);
    e.basis().forEach(System.out::println);
    assertThat(e.fits()).isTrue();
  }

  @Test
  void should_refuse_fp8_when_the_gpu_has_no_fp8() {
    assertThatThrownBy(
            () ->
                VLLM.estimate(
                    model("llama-3.1-8b"),
                    VllmFormat.FP8,
                    gpu("a100-80gb-sxm"),
                    1,
                    4096,
                    1,
                    100,
                    100))
        .isInstanceOf(VllmException.class)
        .extracting(x -> ((VllmException) x).field())
        .isEqualTo("quantization");
  }
}
