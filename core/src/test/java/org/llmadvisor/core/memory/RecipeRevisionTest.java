package org.llmadvisor.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.catalog.ModelCatalog;
import org.llmadvisor.core.catalog.OfferingCatalog;
import org.llmadvisor.core.catalog.OllamaTag;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.model.GgmlType;

/**
 * Sizes of Llama 2 files as llama.cpp printed them when each recipe revision was current, against
 * the revisions of {@code quant-revisions.json} applied tensor by tensor: right by construction, no
 * factor fitted to them.
 */
class RecipeRevisionTest {

  static final double GIB = 1L << 30;

  static Architecture preset(String id) {
    return ModelCatalog.bundled().find(id).orElseThrow().architecture();
  }

  static double gib(String preset, QuantRecipe q, String revision) {
    RecipeRevision r = RecipeRevision.find(revision).orElseThrow();
    return q.apply(preset(preset), r).stream().mapToLong(QuantizedTensor::bytes).sum() / GIB;
  }

  record Published(
      String preset, QuantRecipe recipe, String revision, double size, boolean gib, String where) {}

  /** What llama.cpp's authors and a GGML repository printed, each with where it is printed. */
  static final List<Published> PUBLISHED =
      List.of(
          // PR #2707's commit message (bac66994), sizes before and after it, Llama 2 7B
          new Published("llama-2-7b", QuantRecipe.Q2_K, "k-quants", 2.670, true, "#2707 before"),
          new Published("llama-2-7b", QuantRecipe.Q3_K_M, "k-quants", 3.057, true, "#2707 before"),
          new Published("llama-2-7b", QuantRecipe.Q4_K_S, "k-quants", 3.563, true, "#2707 before"),
          new Published("llama-2-7b", QuantRecipe.Q2_K, "k-quants-2707", 2.632, true, "#2707"),
          new Published("llama-2-7b", QuantRecipe.Q3_K_M, "k-quants-2707", 3.07, true, "#2707"),
          new Published("llama-2-7b", QuantRecipe.Q4_K_S, "k-quants-2707", 3.59, true, "#2707"),
          // the same commit message, Llama 2 13B ("12B") Q2_K: "5.056G vs original 5.130G"
          new Published("llama-2-13b", QuantRecipe.Q2_K, "k-quants", 5.130, true, "#2707 before"),
          new Published("llama-2-13b", QuantRecipe.Q2_K, "k-quants-2707", 5.056, true, "#2707"),
          // PR #2807's table, Llama 2 70B before ("master") and after it
          new Published("llama-2-70b", QuantRecipe.Q2_K, "k-quants-2707", 27.11, true, "#2807"),
          new Published("llama-2-70b", QuantRecipe.Q3_K_S, "k-quants-2707", 27.70, true, "#2807"),
          new Published("llama-2-70b", QuantRecipe.Q4_K_S, "k-quants-2707", 36.31, true, "#2807"),
          new Published("llama-2-70b", QuantRecipe.Q2_K, "k-quants-2807", 27.27, true, "#2807"),
          new Published("llama-2-70b", QuantRecipe.Q3_K_S, "k-quants-2807", 27.86, true, "#2807"),
          new Published("llama-2-70b", QuantRecipe.Q4_K_S, "k-quants-2807", 36.39, true, "#2807"),
          // PR #5060's table: Q2_K after the 2-bit change, Q3_K_S unchanged
          new Published("llama-2-70b", QuantRecipe.Q2_K, "q2_k-2bit", 23.71, true, "#5060"),
          new Published("llama-2-70b", QuantRecipe.Q3_K_S, "q2_k-2bit", 27.86, true, "#5060"),
          // localmodels/Llama-2-13B-ggml README: GGML files of June 2023 (llama.cpp 2d43387), GB
          new Published("llama-2-13b", QuantRecipe.Q2_K, "k-quants", 5.51, false, "13B ggml"),
          new Published("llama-2-13b", QuantRecipe.Q3_K_S, "k-quants", 5.66, false, "13B ggml"),
          new Published("llama-2-13b", QuantRecipe.Q3_K_M, "k-quants", 6.31, false, "13B ggml"),
          new Published("llama-2-13b", QuantRecipe.Q3_K_L, "k-quants", 6.93, false, "13B ggml"),
          new Published("llama-2-13b", QuantRecipe.Q4_K_S, "k-quants", 7.37, false, "13B ggml"),
          new Published("llama-2-13b", QuantRecipe.Q4_K_M, "k-quants", 7.87, false, "13B ggml"));

  @Test
  void should_size_each_revision_as_llama_cpp_printed_it() {
    List<String> report = new ArrayList<>();
    for (Published p : PUBLISHED) {
      double predicted = gib(p.preset(), p.recipe(), p.revision()) * (p.gib() ? 1 : GIB / 1e9);
      report.add(
          String.format(
              "%-12s %-7s %-14s %7.3f vs %6.3f %s (%s)",
              p.preset(),
              p.recipe(),
              p.revision(),
              predicted,
              p.size(),
              p.gib() ? "GiB" : "GB",
              p.where()));
      // the published figures are rounded to 2 or 3 decimals; a file's metadata adds < 1 MB
      assertThat(predicted).as(report.get(report.size() - 1)).isCloseTo(p.size(), within(0.0101));
    }
    report.forEach(System.out::println);
  }

  @Test
  void should_keep_today_as_the_latest_revision() {
    for (QuantRecipe q : QuantRecipe.values()) {
      assertThat(q.apply(preset("llama-2-70b")))
          .as(q.name())
          .isEqualTo(q.apply(preset("llama-2-70b"), RecipeRevision.latest()));
    }
    assertThat(RecipeRevision.latest().types()).isEmpty();
  }

  @Test
  void should_pick_the_revision_in_force_on_a_day() {
    assertThat(RecipeRevision.at(LocalDate.parse("2023-07-01")).id()).isEqualTo("k-quants");
    assertThat(RecipeRevision.at(LocalDate.parse("2023-08-22")).id()).isEqualTo("k-quants-2707");
    assertThat(RecipeRevision.at(LocalDate.parse("2023-12-31")).id()).isEqualTo("k-quants-2807");
    assertThat(RecipeRevision.at(LocalDate.parse("2025-01-01")).isLatest()).isTrue();
  }

  @Test
  void should_size_ollamas_llama2_q2_k_tag_by_the_recipe_it_was_made_with() {
    OllamaTag tag = OfferingCatalog.bundled().tag("llama2:70b-chat-q2_K").orElseThrow();
    assertThat(tag.revision().id()).isEqualTo("k-quants-2807");
    Architecture a = preset("llama-2-70b-chat");
    List<QuantizedTensor> then = tag.quantization().apply(a, tag.revision());
    assertThat(type(then, "blk.3.ffn_up.weight")).isEqualTo(GgmlType.Q3_K);
    assertThat(type(QuantRecipe.Q2_K.apply(a), "blk.3.ffn_up.weight")).isEqualTo(GgmlType.Q2_K);
    // the 27.27 GiB of PR #2807, not the 23.71 GiB of a Q2_K made today
    assertThat(then.stream().mapToLong(QuantizedTensor::bytes).sum() / GIB)
        .isCloseTo(27.27, within(0.01));
    OllamaTag seven = OfferingCatalog.bundled().tag("llama2:7b-chat-q2_K").orElseThrow();
    assertThat(
            seven.quantization().apply(preset("llama-2-7b-chat"), seven.revision()).stream()
                    .mapToLong(QuantizedTensor::bytes)
                    .sum()
                / GIB)
        .isCloseTo(2.632, within(0.01));
  }

  static GgmlType type(List<QuantizedTensor> ts, String name) {
    return ts.stream().filter(t -> t.shape().name().equals(name)).findFirst().orElseThrow().type();
  }

  @Test
  void should_say_in_the_basis_which_recipes_an_estimate_assumes() {
    Architecture a = preset("llama-2-7b");
    var hw = org.llmadvisor.core.catalog.HardwareCatalog.bundled().find("rtx-4090").orElseThrow();
    RecipeRevision then = RecipeRevision.find("k-quants-2807").orElseThrow();
    var sizing =
        org.llmadvisor.core.sizing.Sizer.bundled()
            .size(
                new org.llmadvisor.core.sizing.SizingRequest(
                    a,
                    "Q2_K",
                    QuantRecipe.Q2_K.apply(a, then),
                    4096,
                    1,
                    KvCacheType.F16,
                    hw,
                    512,
                    128,
                    1,
                    java.util.Optional.of(then)));
    assertThat(sizing.basis())
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("Weights:")
                    .contains("llama.cpp's recipes of 2023-08-26"));
    var today =
        org.llmadvisor.core.sizing.Sizer.bundled()
            .size(
                new org.llmadvisor.core.sizing.SizingRequest(
                    a, "Q2_K", QuantRecipe.Q2_K.apply(a), 4096, 1, KvCacheType.F16, hw, 512, 128));
    assertThat(today.basis())
        .anySatisfy(line -> assertThat(line).startsWith("Weights:").contains("as of today"));
  }
}
