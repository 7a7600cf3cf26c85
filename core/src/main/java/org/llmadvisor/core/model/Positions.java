package org.llmadvisor.core.model;

/** How token positions enter the model. */
public enum Positions {
  /** A learned table of contextLength × hidden parameters (GPT-2, GPT-3). */
  LEARNED,
  /** Rotary embeddings: no parameters (Llama, Mistral, Phi-2). */
  ROTARY
}
