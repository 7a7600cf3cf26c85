package org.llmadvisor.core.speed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpeedFitTest {

  private static SpeedFit.GenerationSample sample(
      double memory, double shader, double layer, double eff, double flops, double perLayer) {
    SpeedFit.GenerationTerms t = new SpeedFit.GenerationTerms(memory, shader, layer);
    double seconds = memory / eff + shader * flops + layer * perLayer;
    return new SpeedFit.GenerationSample(t, 1 / seconds);
  }

  /**
   * Proves the fit recovers the factors that generated exact measurements: times built by hand from
   * efficiency 0.8, 6 FLOPs per weight and 0.2 ms per layer give back those three numbers.
   */
  @Test
  void should_recover_the_generating_factors_when_measurements_are_exact() {
    List<SpeedFit.GenerationSample> s =
        List.of(
            sample(0.004, 1e-4, 0.032, 0.8, 6, 0.2),
            sample(0.010, 3e-4, 0.032, 0.8, 6, 0.2),
            sample(0.002, 2e-4, 0.064, 0.8, 6, 0.2),
            sample(0.007, 0.5e-4, 0.016, 0.8, 6, 0.2));

    SpeedFit.GenerationFactors f = SpeedFit.fitGeneration(s, EnumSet.allOf(SpeedFit.Term.class));

    assertThat(f.bandwidthEfficiency()).isCloseTo(0.8, within(1e-9));
    assertThat(f.shaderFlopsPerWeight()).isCloseTo(6, within(1e-6));
    assertThat(f.perLayerMs()).isCloseTo(0.2, within(1e-6));
  }

  /**
   * Proves a term the caller did not free stays at zero and a term whose best value is negative is
   * held at zero rather than going below it: memory-only data (0.5 efficiency) that is 10% faster
   * on the row with more shader work would want a negative shader factor.
   */
  @Test
  void should_hold_a_term_at_zero_when_it_is_not_free_or_would_go_negative() {
    SpeedFit.GenerationSample a = sample(0.004, 1e-4, 0.032, 0.5, 0, 0);
    SpeedFit.GenerationSample fasterWithMoreShader =
        new SpeedFit.GenerationSample(
            new SpeedFit.GenerationTerms(0.004, 5e-4, 0.032), a.measuredTokensPerSecond() * 1.1);

    SpeedFit.GenerationFactors only =
        SpeedFit.fitGeneration(List.of(a), EnumSet.of(SpeedFit.Term.BANDWIDTH));
    SpeedFit.GenerationFactors clamped =
        SpeedFit.fitGeneration(
            List.of(a, fasterWithMoreShader),
            EnumSet.of(SpeedFit.Term.BANDWIDTH, SpeedFit.Term.SHADER_FLOPS_PER_WEIGHT));

    assertThat(only.bandwidthEfficiency()).isCloseTo(0.5, within(1e-12));
    assertThat(only.shaderFlopsPerWeight()).isZero();
    assertThat(only.perLayerMs()).isZero();
    assertThat(clamped.shaderFlopsPerWeight()).isZero();
    assertThat(clamped.bandwidthEfficiency()).isBetween(0.5, 0.5 * 1.1);
  }

  /**
   * Proves the compute efficiency is the least-squares minimiser of relative time error, worked by
   * hand: measured/full-rate ratios c = 0.4 and 0.6; minimise Σ (y·c − 1)² over y = 1/efficiency
   * gives y = Σc / Σc² = 1.0 / 0.52, so efficiency = 0.52.
   */
  @Test
  void should_give_the_hand_computed_compute_efficiency_when_fitting_prompt_rates() {
    double e =
        SpeedFit.fitComputeEfficiency(
            List.of(new SpeedFit.PromptSample(1000, 400), new SpeedFit.PromptSample(2000, 1200)));

    assertThat(e).isCloseTo(0.52, within(1e-12));
  }

  /** Proves the fit refuses to run on nothing instead of returning NaN factors. */
  @Test
  void should_refuse_when_there_are_no_samples() {
    assertThatThrownBy(() -> SpeedFit.fitGeneration(List.of(), EnumSet.of(SpeedFit.Term.BANDWIDTH)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SpeedFit.fitComputeEfficiency(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
