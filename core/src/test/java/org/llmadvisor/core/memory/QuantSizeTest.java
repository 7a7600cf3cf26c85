package org.llmadvisor.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.ReferenceCsv;
import org.llmadvisor.core.catalog.ModelCatalog;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.model.GgmlType;

class QuantSizeTest {

  private final ModelCatalog catalog = ModelCatalog.bundled();

  private static long bytes(List<QuantizedTensor> ts) {
    return ts.stream().mapToLong(QuantizedTensor::bytes).sum();
  }

  @Test
  void should_come_within_three_percent_of_every_llama_cpp_size_in_the_reference() {
    List<String> report = new ArrayList<>();
    int checked = 0;
    for (Map<String, String> row : ReferenceCsv.read("gguf_sizes.csv")) {
      String id = row.get("model").startsWith("Llama 3 70B") ? "llama-3-70b" : "llama-2-7b";
      var recipe = QuantRecipe.parse(row.get("quant"));
      if (recipe.isEmpty()) {
        continue;
      }
      Architecture a = catalog.find(id).orElseThrow().architecture();
      double predicted = bytes(recipe.get().apply(a)) / (1024.0 * 1024 * 1024);
      double published = Double.parseDouble(row.get("size_GiB"));
      double error = Math.abs(predicted - published) / published;
      report.add(
          String.format(
              "%s %s %.2f vs %.2f GiB (%.2f%%)",
              id, row.get("quant"), predicted, published, error * 100));
      // IQ1_S and IQ2_XXS need an importance matrix, which moves a few tensors; still within 3%.
      assertThat(error).as(report.get(report.size() - 1)).isLessThan(0.03);
      checked++;
    }
    report.forEach(System.out::println);
    assertThat(checked).isEqualTo(14);
  }

  @Test
  void should_keep_the_output_head_at_q6_k_and_half_of_attn_v_and_ffn_down_higher_for_q4_k_m() {
    Architecture a = catalog.find("llama-2-7b").orElseThrow().architecture();
    List<QuantizedTensor> ts = QuantRecipe.Q4_K_M.apply(a);
    assertThat(type(ts, "output.weight")).isEqualTo(GgmlType.Q6_K);
    assertThat(type(ts, "token_embd.weight")).isEqualTo(GgmlType.Q4_K);
    long q6v =
        ts.stream()
            .filter(t -> t.shape().name().endsWith("attn_v.weight") && t.type() == GgmlType.Q6_K)
            .count();
    long q6down =
        ts.stream()
            .filter(t -> t.shape().name().endsWith("ffn_down.weight") && t.type() == GgmlType.Q6_K)
            .count();
    assertThat(q6v).isEqualTo(16);
    assertThat(q6down).isEqualTo(16);
    assertThat(type(ts, "blk.0.attn_norm.weight")).isEqualTo(GgmlType.F32);
  }

  @Test
  void should_pick_use_more_bits_layers_as_llama_cpp_does() {
    List<Integer> picked = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      if (QuantRecipe.useMoreBits(i, 32)) {
        picked.add(i);
      }
    }
    assertThat(picked).containsExactly(0, 1, 2, 3, 6, 9, 12, 15, 18, 21, 24, 27, 28, 29, 30, 31);
  }

  @Test
  void should_give_70b_attn_v_q5_k_where_the_recipe_says_q4_k() {
    Architecture a = catalog.find("llama-2-70b").orElseThrow().architecture();
    List<QuantizedTensor> ts = QuantRecipe.Q4_K_S.apply(a);
    assertThat(type(ts, "blk.40.attn_v.weight")).isEqualTo(GgmlType.Q5_K);
    assertThat(type(ts, "blk.40.attn_q.weight")).isEqualTo(GgmlType.Q4_K);
  }

  @Test
  void should_fall_back_when_a_row_is_not_a_whole_number_of_blocks() {
    // GPT-2 XL rows are 1600 wide: not a multiple of 256, so K-quants fall back.
    Architecture a = catalog.find("gpt2-xl").orElseThrow().architecture();
    List<QuantizedTensor> ts = QuantRecipe.Q4_K_M.apply(a);
    assertThat(type(ts, "blk.0.ffn_up.weight")).isEqualTo(GgmlType.Q5_0);
    assertThat(QuantRecipe.fallback(1600, GgmlType.Q6_K)).isEqualTo(GgmlType.Q8_0);
    assertThat(QuantRecipe.fallback(100, GgmlType.Q4_K)).isEqualTo(GgmlType.F16);
  }

  @Test
  void should_store_every_type_at_its_block_size() {
    assertThat(GgmlType.Q4_0.bitsPerWeight()).isEqualTo(4.5);
    assertThat(GgmlType.Q8_0.bitsPerWeight()).isEqualTo(8.5);
    assertThat(GgmlType.Q2_K.bitsPerWeight()).isEqualTo(2.625);
    assertThat(GgmlType.Q3_K.bitsPerWeight()).isEqualTo(3.4375);
    assertThat(GgmlType.Q4_K.bitsPerWeight()).isEqualTo(4.5);
    assertThat(GgmlType.Q5_K.bitsPerWeight()).isEqualTo(5.5);
    assertThat(GgmlType.Q6_K.bitsPerWeight()).isEqualTo(6.5625);
    assertThat(GgmlType.IQ4_XS.bitsPerWeight()).isEqualTo(4.25);
    assertThat(GgmlType.Q5_1.bitsPerWeight()).isEqualTo(6.0);
    assertThat(GgmlType.Q4_1.bitsPerWeight()).isEqualTo(5.0);
  }

  private static GgmlType type(List<QuantizedTensor> ts, String name) {
    return ts.stream().filter(t -> t.shape().name().equals(name)).findFirst().orElseThrow().type();
  }
}
