package org.llmadvisor.core.sizing;

import org.llmadvisor.core.model.Architecture;

/**
 * The context window a model is sized for, the one rule that the estimate, the advice and the model
 * explorer share. Ollama allocates the KV cache for its {@code num_ctx}, 4,096 tokens unless a
 * request says otherwise ({@code ollama/ollama:docs/faq.md}, "How can I specify the context window
 * size?"), but never more than the model was trained for: llama.cpp caps {@code n_ctx} at the
 * model's {@code context_length} when loading, so Phi-2 (2,048) holds 2,048 tokens, not 4,096.
 */
public final class ContextWindow {

  /** Ollama's default {@code num_ctx}. */
  public static final long OLLAMA_DEFAULT = 4096;

  /** Above the default, windows are sized in steps of this many tokens. */
  public static final long STEP = 1024;

  private ContextWindow() {}

  /** The window when a request names none: Ollama's default, or the model's own if smaller. */
  public static long byDefault(Architecture a) {
    return byDefault(a.contextLength());
  }

  /** As {@link #byDefault(Architecture)} for a model trained for {@code trained} tokens. */
  public static long byDefault(long trained) {
    return Math.min(OLLAMA_DEFAULT, trained);
  }

  /**
   * The window for requests that need {@code needed} tokens (prompt plus output): the default, or
   * more in steps of {@link #STEP}, and never beyond what the model was trained for (a request that
   * needs more fails on capacity elsewhere).
   */
  public static long forRequests(long needed, long trained) {
    long stepped = (needed + STEP - 1) / STEP * STEP;
    return Math.min(trained, Math.max(byDefault(trained), stepped));
  }
}
