package org.llmadvisor.core.model;

/** Normalisation layer kind. */
public enum NormKind {
  /** LayerNorm: a weight and a bias vector of hidden size. */
  LAYERNORM,
  /** RMSNorm: a weight vector only. */
  RMSNORM;

  int vectorsPerNorm() {
    return this == LAYERNORM ? 2 : 1;
  }
}
