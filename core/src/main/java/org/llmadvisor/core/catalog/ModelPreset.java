package org.llmadvisor.core.catalog;

import java.util.Optional;
import java.util.OptionalLong;
import org.llmadvisor.core.model.Architecture;

/**
 * A named architecture from the catalog with where its numbers come from.
 *
 * @param publishedParameters an exact published count, when one exists
 * @param nominalParameters the rounded figure the authors use ("13B"), when no exact count exists
 * @param huggingFace the Hugging Face repository whose config.json the architecture is, if any
 */
public record ModelPreset(
    String id,
    String name,
    String family,
    Architecture architecture,
    OptionalLong publishedParameters,
    String nominalParameters,
    String source,
    String retrieved,
    String note,
    Optional<String> huggingFace) {}
