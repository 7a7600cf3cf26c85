package org.llmadvisor.providers;

/** Where the model runs. */
public enum DeploymentKind {
  /** On hardware the team runs (Ollama, vLLM): data stays on the premises. */
  LOCAL,
  /** A provider's API, paid per token. */
  CLOUD
}
