package org.llmadvisor.core.vllm;

import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.model.Component;
import org.llmadvisor.core.model.TensorLayout;
import org.llmadvisor.core.model.TensorShape;

/**
 * A model's weights as vLLM holds them, counted tensor by tensor from the architecture's layout.
 *
 * <ul>
 *   <li>{@code bf16} / {@code fp16}: 2 bytes a parameter.
 *   <li>{@code fp8}: each linear weight inside the blocks 1 byte a parameter plus one float32 scale
 *       per matrix (per expert for mixture-of-experts); the rest 16-bit.
 *   <li>{@code awq}: 4-bit packed weights (in × out / 2 bytes), and per group of {@code
 *       quantGroupSize} input rows an fp16 scale and a 4-bit zero per output column (AutoAWQ's
 *       qweight, qzeros, scales).
 *   <li>{@code gptq}: 4-bit packed weights and an fp16 scale per group and output column. Published
 *       GPTQ checkpoints are symmetric without act-order; vLLM's GPTQ-Marlin kernel then keeps no
 *       zeros and no g_idx, so they are not counted.
 * </ul>
 *
 * Embeddings, the LM head, norms and biases stay 16-bit in every format, as in those formats; vLLM
 * pads the embedding and head rows to a multiple of {@code vocabPaddingSize}. The MoE router
 * ({@code ffn_gate_inp}) stays 16-bit too.
 *
 * @param totalBytes everything vLLM loads
 * @param linearBytes the linear layers inside the blocks, in the format
 * @param embeddingBytes token (and position) embeddings
 * @param headBytes the LM head (0 when tied to the embeddings)
 * @param otherBytes norms, biases, router
 * @param readBytesPerToken what a decode step reads for one token: everything but the embedding
 *     tables (a lookup reads one row), with only the routed experts of a mixture-of-experts
 * @param activeMatrixParameters parameters a token multiplies (2 FLOPs each): linear layers (routed
 *     experts only) and the head
 */
public record VllmWeights(
    VllmFormat format,
    long totalBytes,
    long linearBytes,
    long embeddingBytes,
    long headBytes,
    long otherBytes,
    long readBytesPerToken,
    long activeMatrixParameters) {

  public static VllmWeights of(Architecture a, VllmFormat f, VllmConstants c) {
    long pad = c.vocabPaddingSize();
    long paddedVocab = (a.vocabSize() + pad - 1) / pad * pad;
    double routed = (double) a.expertsPerToken() / a.experts();
    long linear = 0;
    long embedding = 0;
    long head = 0;
    long other = 0;
    double read = 0;
    double active = 0;
    for (TensorShape t : TensorLayout.of(a)) {
      if (t.component() == Component.EMBEDDINGS || t.component() == Component.POSITIONS) {
        long rows = t.component() == Component.EMBEDDINGS ? paddedVocab : t.dims().get(1);
        embedding += 2 * rows * t.dims().get(0);
        if (a.tiedEmbeddings() && t.component() == Component.EMBEDDINGS) {
          read += 2.0 * rows * t.dims().get(0);
          active += (double) rows * t.dims().get(0);
        }
        continue;
      }
      if (t.component() == Component.OUTPUT_HEAD) {
        long bytes = t.bias() ? 2 * t.elements() : 2 * paddedVocab * t.dims().get(0);
        head += bytes;
        read += bytes;
        active += t.bias() ? 0 : (double) paddedVocab * t.dims().get(0);
        continue;
      }
      double share = t.expert() ? routed : 1.0;
      if (t.bias() || t.isOneDimensional() || t.name().contains("gate_inp")) {
        long bytes = 2 * t.elements();
        other += bytes;
        read += bytes * share;
        active += t.isOneDimensional() ? 0 : t.elements() * share;
        continue;
      }
      long bytes = matrixBytes(t, f, c);
      linear += bytes;
      read += bytes * share;
      active += t.elements() * share;
    }
    return new VllmWeights(
        f,
        linear + embedding + head + other,
        linear,
        embedding,
        head,
        other,
        Math.round(read),
        Math.round(active));
  }

  /** Bytes of one linear weight (all experts of an expert tensor) in format {@code f}. */
  static long matrixBytes(TensorShape t, VllmFormat f, VllmConstants c) {
    long in = t.dims().get(0);
    long out = t.dims().get(1);
    long matrices = t.dims().size() > 2 ? t.dims().get(2) : 1;
    long groups = (in + c.quantGroupSize() - 1) / c.quantGroupSize();
    long perMatrix =
        switch (f) {
          case BF16, FP16 -> 2 * in * out;
          case FP8 -> in * out + c.fp8ScaleBytesPerMatrix();
          // 4-bit weights, fp16 scales per group and column, 4-bit zeros per group and column
          case AWQ -> in * out / 2 + groups * out * 2 + groups * out / 2;
          case GPTQ -> in * out / 2 + groups * out * 2;
        };
    return perMatrix * matrices;
  }

  /**
   * Bytes each of {@code tensorParallel} ranks holds: the matrices and embeddings split, the small
   * tensors (norms, biases, router) counted whole on every rank, which overstates by a few kB.
   */
  public long bytesPerRank(int tensorParallel) {
    long replicated = otherBytes;
    return (totalBytes - replicated + tensorParallel - 1) / tensorParallel + replicated;
  }
}
