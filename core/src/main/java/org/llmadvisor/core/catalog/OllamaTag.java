package org.llmadvisor.core.catalog;

import org.llmadvisor.core.memory.QuantRecipe;

/** A model Ollama serves: the tag to pull and the architecture preset and recipe it is. */
public record OllamaTag(
    String tag, String preset, QuantRecipe quantization, boolean isDefault, String source) {}
