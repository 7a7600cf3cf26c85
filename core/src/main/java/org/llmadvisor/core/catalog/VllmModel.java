package org.llmadvisor.core.catalog;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.llmadvisor.core.data.CatalogException;
import org.llmadvisor.core.data.CatalogFiles;

/**
 * A preset as vLLM serves it ({@code vllm-models.json}): the Hugging Face repository of one weight
 * format.
 *
 * @param format vLLM's name of the weights' format: {@code bf16} (as published), {@code fp8} or
 *     {@code gptq} (4-bit weights in groups of 128)
 * @param repository the repository {@code vllm serve} is given
 */
public record VllmModel(String preset, String format, String repository, String source) {

  /** The formats the advisor offers, those whose quality loss is published. */
  public static final Set<String> FORMATS = Set.of("bf16", "fp8", "gptq");

  public VllmModel {
    Objects.requireNonNull(preset, "preset");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(source, "source");
    if (!FORMATS.contains(format)) {
      throw new IllegalArgumentException("format must be bf16, fp8 or gptq, was " + format);
    }
  }

  /** The name the answer and {@code quantization-quality.json} give the format: {@code FP8}. */
  public String quantization() {
    return format.toUpperCase(Locale.ROOT);
  }

  static VllmModel parse(com.fasterxml.jackson.databind.JsonNode row, String where) {
    String format = CatalogFiles.text(row, "format", where).toLowerCase(Locale.ROOT);
    if (!FORMATS.contains(format)) {
      throw new CatalogException(
          where + ": field 'format' must be bf16, fp8 or gptq, was '" + format + "'");
    }
    return new VllmModel(
        CatalogFiles.text(row, "preset", where),
        format,
        CatalogFiles.text(row, "repository", where),
        CatalogFiles.text(row, "source", where));
  }
}
