package org.llmadvisor.core.catalog;

import java.time.LocalDate;
import java.util.Optional;
import org.llmadvisor.core.memory.QuantRecipe;
import org.llmadvisor.core.memory.RecipeRevision;

/**
 * A model Ollama serves: the tag to pull and the architecture preset and recipe it is.
 *
 * @param quantizedOn the day the tag's file was quantized, where known (with {@code
 *     quantizedOnSource}); it is sized by the recipe revision in force that day, else by today's
 */
public record OllamaTag(
    String tag,
    String preset,
    QuantRecipe quantization,
    boolean isDefault,
    String source,
    Optional<LocalDate> quantizedOn,
    Optional<String> quantizedOnSource) {

  /** A tag quantized with today's recipes. */
  public OllamaTag(
      String tag, String preset, QuantRecipe quantization, boolean isDefault, String source) {
    this(tag, preset, quantization, isDefault, source, Optional.empty(), Optional.empty());
  }

  /** The recipe revision the tag's file was made with. */
  public RecipeRevision revision() {
    return quantizedOn.map(RecipeRevision::at).orElseGet(RecipeRevision::latest);
  }
}
