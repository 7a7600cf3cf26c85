package org.llmadvisor.core.catalog;

import java.util.Objects;
import java.util.Optional;

/**
 * A benchmark score (MMLU, percent) and where it was published.
 *
 * @param basis how the score was arrived at, in words with its sources, where it is not simply the
 *     published figure (a quantized model's score: the 16-bit score less what the recipe loses)
 */
public record Quality(String benchmark, double score, String source, Optional<String> basis) {

  public Quality {
    Objects.requireNonNull(basis, "basis");
  }

  /** A score as published. */
  public Quality(String benchmark, double score, String source) {
    this(benchmark, score, source, Optional.empty());
  }
}
