package org.llmadvisor.core.model;

import java.util.List;

/**
 * One tensor as llama.cpp stores it. {@code dims.get(0)} is the row length (ggml's ne[0], the input
 * width of a projection); quantization blocks run along it.
 *
 * @param name GGUF tensor name, e.g. {@code blk.3.attn_v.weight}
 * @param dims ggml dimensions, innermost first
 * @param layer block index, or -1 outside the blocks
 * @param component which part of the model it belongs to
 * @param bias a bias vector rather than a weight
 * @param expert holds all experts of a mixture-of-experts layer (one slice is used per routed
 *     expert)
 */
public record TensorShape(
    String name, List<Long> dims, int layer, Component component, boolean bias, boolean expert) {

  public TensorShape {
    dims = List.copyOf(dims);
  }

  public long elements() {
    long n = 1;
    // by index: sizing walks every tensor of every candidate, and an iterator per call was most
    // of an advice's garbage
    for (int i = 0; i < dims.size(); i++) {
      n = Math.multiplyExact(n, dims.get(i));
    }
    return n;
  }

  public long rowLength() {
    return dims.get(0);
  }

  /** True for vectors (norms, biases): llama.cpp never quantizes them. */
  public boolean isOneDimensional() {
    return dims.size() == 1;
  }
}
