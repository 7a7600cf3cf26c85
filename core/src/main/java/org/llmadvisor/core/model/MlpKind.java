package org.llmadvisor.core.model;

/** Feed-forward block shape. */
public enum MlpKind {
  /** SwiGLU/GeGLU: gate, up and down projections (three matrices), as in Llama. */
  GATED,
  /** Up and down projections (two matrices), as in GPT-2. */
  PLAIN
}
