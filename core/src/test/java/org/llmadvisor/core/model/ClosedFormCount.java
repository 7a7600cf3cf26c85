package org.llmadvisor.core.model;

import java.util.Map;

/**
 * Parameter counts written out from a published architecture by closed formulas, independently of
 * {@link TensorLayout}: the tests compare the production count against these. Each formula lists
 * the tensors of the Hugging Face implementation of its family.
 */
final class ClosedFormCount {

  private ClosedFormCount() {}

  /**
   * Llama-style decoder (Llama 2/3, Mistral, TinyLlama): token embedding V×d; per layer q (d ×
   * h·dh), k and v (d × kv·dh each), o (h·dh × d), gate, up and down (3 × d × ff), two RMSNorm
   * gains (2d); a final RMSNorm (d); an untied output head (d × V). No biases.
   */
  static long llama(
      long vocab, long d, long layers, long heads, long kvHeads, long headDim, long ff) {
    long attention = d * heads * headDim + 2 * d * kvHeads * headDim + heads * headDim * d;
    long perLayer = attention + 3 * d * ff + 2 * d;
    return vocab * d + layers * perLayer + d + d * vocab;
  }

  /**
   * The same decoder from a row of {@code params.csv} (columns d_model, n_layers, n_heads,
   * n_kv_heads, d_head, d_ff, vocab_size; n_kv_heads blank means one key/value head per query
   * head).
   */
  static long llama(Map<String, String> row) {
    long heads = Long.parseLong(row.get("n_heads"));
    String kv = row.get("n_kv_heads");
    return llama(
        Long.parseLong(row.get("vocab_size")),
        Long.parseLong(row.get("d_model")),
        Long.parseLong(row.get("n_layers")),
        heads,
        kv.isBlank() ? heads : Long.parseLong(kv),
        Long.parseLong(row.get("d_head")),
        Long.parseLong(row.get("d_ff")));
  }

  /**
   * Mixtral: the Llama-style decoder with each layer's MLP replaced by {@code experts} gated MLPs
   * (3 × d × ff each) and a router (d × experts); a token runs the router and {@code expertsRun} of
   * the experts, so {@code expertsRun = experts} gives the total and fewer the active count.
   */
  static long mixtral(
      long vocab,
      long d,
      long layers,
      long heads,
      long kvHeads,
      long headDim,
      long ff,
      long experts,
      long expertsRun) {
    long attention = d * heads * headDim + 2 * d * kvHeads * headDim + heads * headDim * d;
    long perLayer = attention + d * experts + expertsRun * 3 * d * ff + 2 * d;
    return vocab * d + layers * perLayer + d + d * vocab;
  }

  /**
   * Phi-2 (Hugging Face {@code PhiForCausalLM}): token embedding V×d; per layer one LayerNorm
   * (weight and bias, 2d) shared by attention and MLP, which run in parallel; q, k, v and dense (d
   * × d + d each, with bias); fc1 (d × ff + ff) and fc2 (ff × d + d); a final LayerNorm (2d); an
   * untied output head with bias (d × V + V).
   */
  static long phi(long vocab, long d, long layers, long ff) {
    long perLayer = 2 * d + 4 * (d * d + d) + (d * ff + ff) + (ff * d + d);
    return vocab * d + layers * perLayer + 2 * d + d * vocab + vocab;
  }
}
