package org.llmadvisor.core.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Lays an architecture out as the tensors llama.cpp's converter writes (names and shapes), so that
 * parameter counts and file sizes come from the same list and cannot disagree.
 */
public final class TensorLayout {

  private TensorLayout() {}

  public static List<TensorShape> of(Architecture a) {
    List<TensorShape> t = new ArrayList<>();
    long d = a.hiddenSize();
    t.add(weight("token_embd.weight", -1, Component.EMBEDDINGS, d, a.vocabSize()));
    if (a.positions() == Positions.LEARNED) {
      t.add(weight("position_embd.weight", -1, Component.POSITIONS, d, a.contextLength()));
    }
    for (int i = 0; i < a.layers(); i++) {
      String p = "blk." + i + ".";
      norm(t, a, p + "attn_norm", i);
      long q = a.queryWidth();
      long kv = a.kvWidth();
      if (a.fusedQkv()) {
        linear(t, a, p + "attn_qkv", i, Component.ATTENTION, d, q + 2 * kv);
      } else {
        projection(t, a, p + "attn_q", i, d, q);
        projection(t, a, p + "attn_k", i, d, kv);
        projection(t, a, p + "attn_v", i, d, kv);
      }
      if (a.qkNorm()) {
        vector(t, p + "attn_q_norm.weight", i, Component.NORMS, a.headDim());
        vector(t, p + "attn_k_norm.weight", i, Component.NORMS, a.headDim());
      }
      if (a.attentionSinks()) {
        vector(t, p + "attn_sinks.weight", i, Component.ATTENTION, a.attentionHeads());
      }
      linear(t, a, p + "attn_output", i, Component.ATTENTION, q, d);
      if (a.postNorms()) {
        norm(t, a, p + "post_attention_norm", i);
      }
      if (!a.parallelBlock()) {
        norm(t, a, p + "ffn_norm", i);
      }
      mlp(t, a, p, i);
      if (a.postNorms()) {
        norm(t, a, p + "post_ffw_norm", i);
      }
    }
    norm(t, a, "output_norm", -1);
    if (!a.tiedEmbeddings()) {
      t.add(weight("output.weight", -1, Component.OUTPUT_HEAD, d, a.vocabSize()));
    }
    if (a.outputBias()) {
      t.add(bias("output.bias", -1, Component.OUTPUT_HEAD, a.vocabSize()));
    }
    return List.copyOf(t);
  }

  private static void mlp(List<TensorShape> t, Architecture a, String p, int i) {
    long d = a.hiddenSize();
    long ff = a.intermediateSize();
    if (a.isMixtureOfExperts()) {
      int e = a.experts();
      boolean b = a.linearBiases();
      t.add(weight(p + "ffn_gate_inp.weight", i, Component.MLP, d, e));
      if (b) {
        t.add(bias(p + "ffn_gate_inp.bias", i, Component.MLP, e));
      }
      if (a.mlp() == MlpKind.GATED) {
        experts(t, p + "ffn_gate_exps", i, d, ff, e, b);
      }
      experts(t, p + "ffn_up_exps", i, d, ff, e, b);
      experts(t, p + "ffn_down_exps", i, ff, d, e, b);
      long shared = a.sharedExpertSize();
      if (shared > 0) {
        // every token passes through the shared expert, so it counts as active in full
        if (a.mlp() == MlpKind.GATED) {
          linear(t, a, p + "ffn_gate_shexp", i, Component.MLP, d, shared);
        }
        linear(t, a, p + "ffn_up_shexp", i, Component.MLP, d, shared);
        linear(t, a, p + "ffn_down_shexp", i, Component.MLP, shared, d);
      }
      return;
    }
    if (a.mlp() == MlpKind.GATED) {
      linear(t, a, p + "ffn_gate", i, Component.MLP, d, ff);
    }
    linear(t, a, p + "ffn_up", i, Component.MLP, d, ff);
    linear(t, a, p + "ffn_down", i, Component.MLP, ff, d);
  }

  private static void linear(
      List<TensorShape> t, Architecture a, String base, int i, Component c, long in, long out) {
    t.add(weight(base + ".weight", i, c, in, out));
    if (a.linearBiases()) {
      t.add(bias(base + ".bias", i, c, out));
    }
  }

  /** Q, K or V: biased under {@code linearBiases} or {@code qkvBias}. */
  private static void projection(
      List<TensorShape> t, Architecture a, String base, int i, long in, long out) {
    t.add(weight(base + ".weight", i, Component.ATTENTION, in, out));
    if (a.linearBiases() || a.qkvBias()) {
      t.add(bias(base + ".bias", i, Component.ATTENTION, out));
    }
  }

  private static void vector(List<TensorShape> t, String name, int i, Component c, long n) {
    t.add(new TensorShape(name, List.of(n), i, c, false, false));
  }

  private static void norm(List<TensorShape> t, Architecture a, String base, int i) {
    t.add(
        new TensorShape(
            base + ".weight", List.of(a.hiddenSize()), i, Component.NORMS, false, false));
    if (a.norm() == NormKind.LAYERNORM) {
      t.add(bias(base + ".bias", i, Component.NORMS, a.hiddenSize()));
    }
  }

  private static TensorShape weight(String name, int i, Component c, long in, long out) {
    return new TensorShape(name, List.of(in, out), i, c, false, false);
  }

  private static void experts(
      List<TensorShape> t, String base, int i, long in, long out, int experts, boolean biased) {
    t.add(
        new TensorShape(
            base + ".weight", List.of(in, out, (long) experts), i, Component.MLP, false, true));
    if (biased) {
      t.add(
          new TensorShape(
              base + ".bias", List.of(out, (long) experts), i, Component.MLP, true, true));
    }
  }

  private static TensorShape bias(String name, int i, Component c, long n) {
    return new TensorShape(name, List.of(n), i, c, true, false);
  }
}
