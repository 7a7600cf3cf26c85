package org.llmadvisor.service;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.llmadvisor.core.memory.QuantRecipe;
import org.llmadvisor.core.sizing.ContextWindow;

/**
 * What {@code fit} asks: which catalog models run on this machine at a usable speed. Every field is
 * optional.
 *
 * @param contextTokens context each model is sized for (default: Ollama's 4,096 or the model's own,
 *     whichever is smaller)
 * @param minTokensPerSecond generation speed below which a model does not count as running (5)
 * @param quantizations the llama.cpp recipes tried, best first (Q8_0, Q6_K, Q5_K_M, Q4_K_M, Q3_K_M)
 * @param family only families that hold this word ("llama" is Llama 2 and Llama 3)
 * @param limit at most this many rows (all when absent)
 */
public record FitRequest(
    Long contextTokens,
    Double minTokensPerSecond,
    List<String> quantizations,
    String family,
    Long limit) {

  static final List<QuantRecipe> DEFAULT_QUANTIZATIONS =
      List.of(
          QuantRecipe.Q8_0,
          QuantRecipe.Q6_K,
          QuantRecipe.Q5_K_M,
          QuantRecipe.Q4_K_M,
          QuantRecipe.Q3_K_M);

  /** The request with defaults filled in; a refusal names the field. */
  public record Valid(
      long contextTokens,
      boolean contextGiven,
      double minTokensPerSecond,
      List<QuantRecipe> quantizations,
      String family,
      int limit) {}

  public Valid validate() {
    FieldPath body = FieldPath.BODY;
    long ctx =
        body.field("contextTokens")
            .integer(contextTokens, ContextWindow.OLLAMA_DEFAULT, 1, EstimateRequest.MAX_TOKENS);
    double min = body.field("minTokensPerSecond").number(minTokensPerSecond, 5.0, 0, 1e6);
    List<QuantRecipe> quants = DEFAULT_QUANTIZATIONS;
    if (quantizations != null) {
      FieldPath at = body.field("quantizations");
      if (quantizations.isEmpty()) {
        throw at.invalid("must list at least one llama.cpp recipe, or be left out");
      }
      quants = new ArrayList<>();
      for (int i = 0; i < quantizations.size(); i++) {
        FieldPath item = at.index(i);
        String q = item.required(quantizations.get(i));
        quants.add(
            QuantRecipe.parse(q)
                .orElseThrow(
                    () ->
                        item.invalid(
                            "'"
                                + q
                                + "' is not a llama.cpp recipe; use one of "
                                + Arrays.toString(QuantRecipe.values()))));
      }
    }
    int max = (int) body.field("limit").integer(limit, Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
    return new Valid(ctx, contextTokens != null, min, List.copyOf(quants), family, max);
  }
}
