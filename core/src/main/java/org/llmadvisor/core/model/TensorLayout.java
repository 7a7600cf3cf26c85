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
        linear(t, a, p + "attn_q", i, Component.ATTENTION, d, q);
        linear(t, a, p + "attn_k", i, Component.ATTENTION, d, kv);
        linear(t, a, p + "attn_v", i, Component.ATTENTION, d, kv);
      }
      linear(t, a, p + "attn_output", i, Component.ATTENTION, q, d);
      if (!a.parallelBlock()) {
        norm(t, a, p + "ffn_norm", i);
      }
      mlp(t, a, p, i);
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
      t.add(weight(p + "ffn_gate_inp.weight", i, Component.MLP, d, e));
      if (a.mlp() == MlpKind.GATED) {
        t.add(experts(p + "ffn_gate_exps.weight", i, d, ff, e));
      }
      t.add(experts(p + "ffn_up_exps.weight", i, d, ff, e));
      t.add(experts(p + "ffn_down_exps.weight", i, ff, d, e));
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

  private static TensorShape experts(String name, int i, long in, long out, int experts) {
    return new TensorShape(name, List.of(in, out, (long) experts), i, Component.MLP, false, true);
  }

  private static TensorShape bias(String name, int i, Component c, long n) {
    return new TensorShape(name, List.of(n), i, c, true, false);
  }
}
