package org.llmadvisor.core.model;

/** Where a parameter lives. */
public enum Component {
  EMBEDDINGS,
  POSITIONS,
  ATTENTION,
  MLP,
  NORMS,
  OUTPUT_HEAD;

  /** camelCase key used in JSON and in explanations. */
  public String key() {
    return switch (this) {
      case EMBEDDINGS -> "embeddings";
      case POSITIONS -> "positions";
      case ATTENTION -> "attention";
      case MLP -> "mlp";
      case NORMS -> "norms";
      case OUTPUT_HEAD -> "outputHead";
    };
  }
}
