package org.llmadvisor.core.catalog;

import static org.llmadvisor.core.units.Wording.f;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.llmadvisor.core.data.CatalogException;
import org.llmadvisor.core.data.CatalogFiles;

/**
 * What a quantization recipe costs in benchmark points ({@code quantization-quality.json}): a
 * model's published score is for its 16-bit weights, and a 2-bit file of the same model is not the
 * same model. Measured losses are used as published; a recipe with only llama.cpp's perplexity
 * increase loses the points interpolated on that increase between the two measured recipes around
 * it, because perplexity is the one measure llama.cpp publishes for every recipe and it orders them
 * as MMLU does.
 */
public final class QuantizationQuality {

  /**
   * One recipe's row.
   *
   * @param pointsLost measured MMLU points lost against 16 bits; empty where only the perplexity
   *     increase is published
   * @param perplexityIncrease llama.cpp's wikitext-2 perplexity increase on Llama 3 8B; NaN for a
   *     format llama.cpp does not make (vLLM's FP8 and GPTQ), which is never interpolated on
   * @param note the measured score, in the file's words
   * @param measuredElsewhere the model and source of a row measured apart from the file's study
   */
  public record Recipe(
      String quantization,
      Optional<Double> pointsLost,
      double perplexityIncrease,
      String note,
      Optional<String> measuredElsewhere) {}

  /**
   * The points a recipe loses and how that is known.
   *
   * @param basis the figure's origin in words, sources included
   */
  public record Loss(String quantization, double points, String basis) {}

  private final Map<String, Recipe> recipes;
  private final List<Recipe> measured;
  private final String measuredOn;
  private final String mmluSource;
  private final String perplexitySource;

  QuantizationQuality(
      List<Recipe> recipes, String measuredOn, String mmluSource, String perplexitySource) {
    this.recipes =
        recipes.stream().collect(Collectors.toUnmodifiableMap(Recipe::quantization, r -> r));
    this.measured =
        recipes.stream()
            .filter(r -> r.pointsLost().isPresent() && !Double.isNaN(r.perplexityIncrease()))
            .sorted(Comparator.comparingDouble(Recipe::perplexityIncrease))
            .toList();
    this.measuredOn = measuredOn;
    this.mmluSource = mmluSource;
    this.perplexitySource = perplexitySource;
  }

  public static QuantizationQuality bundled() {
    return load(Optional.empty());
  }

  /** The bundled rows, with a user's file's rows (same {@code quantization}) replacing them. */
  public static QuantizationQuality load(Optional<Path> userFile) {
    String file = "quantization-quality.json";
    JsonNode root = CatalogFiles.bundled(file);
    String where = file;
    List<Recipe> rows =
        CatalogFiles.load(
            file,
            "recipes",
            "quantization",
            userFile,
            QuantizationQuality::recipe,
            Recipe::quantization);
    return new QuantizationQuality(
        rows,
        CatalogFiles.text(root, "measuredOn", where),
        CatalogFiles.text(root, "mmluSource", where),
        CatalogFiles.text(root, "perplexitySource", where));
  }

  private static Recipe recipe(JsonNode row, String where) {
    Optional<Double> lost = CatalogFiles.optNumber(row, "mmluPointsLost", where);
    if (lost.isPresent() && !(lost.get() >= 0 && lost.get() <= 100)) {
      throw new CatalogException(where + ": field 'mmluPointsLost' must be 0-100");
    }
    Optional<String> elsewhere =
        row.has("source")
            ? Optional.of(
                f(
                    "measured on %s, %s (%s)",
                    CatalogFiles.text(row, "measuredOn", where),
                    CatalogFiles.text(row, "note", where),
                    CatalogFiles.text(row, "source", where)))
            : Optional.empty();
    if (elsewhere.isPresent() && lost.isEmpty()) {
      throw new CatalogException(
          where + ": a row with its own source must give 'mmluPointsLost', the figure it sources");
    }
    Optional<Double> ppl = CatalogFiles.optNumber(row, "perplexityIncrease", where);
    if (ppl.isPresent() ? !(ppl.get() >= 0) : elsewhere.isEmpty()) {
      throw new CatalogException(where + ": field 'perplexityIncrease' must be >= 0");
    }
    return new Recipe(
        CatalogFiles.text(row, "quantization", where),
        lost,
        ppl.orElse(Double.NaN),
        CatalogFiles.text(row, "note", where),
        elsewhere);
  }

  public List<Recipe> recipes() {
    // the formats without a llama.cpp perplexity (NaN) sort last
    return recipes.values().stream()
        .sorted(Comparator.comparingDouble(Recipe::perplexityIncrease))
        .toList();
  }

  /** What {@code quantization} loses; empty when nothing is published for that recipe. */
  public Optional<Loss> loss(String quantization) {
    Recipe r = recipes.get(quantization);
    if (r == null) {
      return Optional.empty();
    }
    if (r.measuredElsewhere().isPresent()) {
      return Optional.of(new Loss(quantization, r.pointsLost().get(), r.measuredElsewhere().get()));
    }
    if (r.pointsLost().isPresent()) {
      return Optional.of(
          new Loss(
              quantization,
              r.pointsLost().get(),
              f("measured on %s, %s (%s)", measuredOn, r.note(), mmluSource)));
    }
    Optional<Recipe> below =
        measured.stream()
            .filter(m -> m.perplexityIncrease() <= r.perplexityIncrease())
            .reduce((a, b) -> b);
    Optional<Recipe> above =
        measured.stream().filter(m -> m.perplexityIncrease() >= r.perplexityIncrease()).findFirst();
    if (below.isEmpty() || above.isEmpty()) {
      return Optional.empty();
    }
    Recipe lo = below.get();
    Recipe hi = above.get();
    double span = hi.perplexityIncrease() - lo.perplexityIncrease();
    double share = span == 0 ? 0 : (r.perplexityIncrease() - lo.perplexityIncrease()) / span;
    double points = lo.pointsLost().get() + share * (hi.pointsLost().get() - lo.pointsLost().get());
    return Optional.of(
        new Loss(
            quantization,
            points,
            f(
                "interpolated between %s and %s on llama.cpp's perplexity increase (+%.4f on Llama 3 8B, %s; MMLU measured on %s, %s)",
                lo.quantization(),
                hi.quantization(),
                r.perplexityIncrease(),
                perplexitySource,
                measuredOn,
                mmluSource)));
  }

  /**
   * {@code base}, the model's published 16-bit score, less what {@code quantization} loses; {@code
   * base} unchanged when nothing is published for the recipe, which the basis then says.
   */
  public Quality apply(Quality base, String quantization) {
    String published = f("%s %.1f in 16 bits (%s)", base.benchmark(), base.score(), base.source());
    return loss(quantization)
        .map(
            l ->
                new Quality(
                    base.benchmark(),
                    Math.max(0, base.score() - l.points()),
                    base.source(),
                    Optional.of(
                        f(
                            "%s; %s loses about %.1f points, %s",
                            published, quantization, l.points(), l.basis()))))
        .orElseGet(
            () ->
                new Quality(
                    base.benchmark(),
                    base.score(),
                    base.source(),
                    Optional.of(
                        published + f("; no published measure of what %s loses", quantization))));
  }
}
