package org.llmadvisor.core.memory;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.llmadvisor.core.data.CatalogException;
import org.llmadvisor.core.data.CatalogFiles;
import org.llmadvisor.core.model.GgmlType;

/**
 * One revision of llama.cpp's quantization recipes ({@code quant-revisions.json}): from which day
 * it was in force, what changed and where that is recorded, and the tensor types in which it
 * differs from today's rules. A file quantized on a given day is sized by the revision in force
 * that day ({@link #at}); a file quantized before a change is larger or smaller than today's recipe
 * gives, as Llama 2 Q2_K files made in 2023 are.
 *
 * @param attnV70b whether the rule that gives 80-layer grouped-query models (Llama 2 70B) Q5_K
 *     attn_v where the recipe says Q3_K or Q4_K was in force
 * @param types per recipe, per tensor kind ({@code attn_v}, {@code ffn_gate}, ...), the types this
 *     revision gave where they differ from today's rules
 */
public record RecipeRevision(
    String id,
    LocalDate from,
    String change,
    String source,
    boolean attnV70b,
    Map<QuantRecipe, Map<String, Types>> types) {

  private static final List<RecipeRevision> BUNDLED = load();

  /**
   * The type of a tensor kind: {@code first} in the first {@code firstLayers} layers (none when 0),
   * {@code otherwise} in the rest; the fixed layer counts of 2023 became fractions of the layer
   * count later.
   */
  public record Types(int firstLayers, GgmlType first, GgmlType otherwise) {
    GgmlType at(int layer) {
      return layer < firstLayers ? first : otherwise;
    }
  }

  public RecipeRevision {
    types = Map.copyOf(types);
  }

  /** Every revision, oldest first; the last is llama.cpp today. */
  public static List<RecipeRevision> all() {
    return BUNDLED;
  }

  /** llama.cpp's rules today. */
  public static RecipeRevision latest() {
    return BUNDLED.get(BUNDLED.size() - 1);
  }

  /**
   * The revision in force on {@code day}; the first for a day before it (no k-quant file is older).
   */
  public static RecipeRevision at(LocalDate day) {
    RecipeRevision in = BUNDLED.get(0);
    for (RecipeRevision r : BUNDLED) {
      if (!r.from().isAfter(day)) {
        in = r;
      }
    }
    return in;
  }

  public static Optional<RecipeRevision> find(String id) {
    return BUNDLED.stream().filter(r -> r.id().equals(id)).findFirst();
  }

  public boolean isLatest() {
    return this.equals(latest());
  }

  /**
   * The type this revision gave a tensor of {@code kind} in {@code layer} under {@code recipe}, if
   * not today's.
   */
  Optional<GgmlType> type(QuantRecipe recipe, String kind, int layer) {
    return Optional.ofNullable(types.getOrDefault(recipe, Map.of()).get(kind))
        .map(t -> t.at(layer));
  }

  /** "llama.cpp's recipes as of 2023-08-26 (ggml-org/llama.cpp PR #2807 ...)" in words. */
  public String describe() {
    return (isLatest()
            ? "llama.cpp's recipes as of today (revision of "
            : "llama.cpp's recipes of ")
        + from
        + (isLatest() ? ")" : "")
        + ": "
        + change;
  }

  private static List<RecipeRevision> load() {
    List<RecipeRevision> all =
        CatalogFiles.load(
            "quant-revisions.json",
            "revisions",
            Optional.empty(),
            RecipeRevision::row,
            RecipeRevision::id);
    if (all.isEmpty()) {
      throw new CatalogException("quant-revisions.json: no revisions");
    }
    return all.stream().sorted(Comparator.comparing(RecipeRevision::from)).toList();
  }

  private static GgmlType ggmlType(String name, String where) {
    try {
      return GgmlType.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new CatalogException(where + ": '" + name + "' is not a ggml type");
    }
  }

  private static RecipeRevision row(JsonNode row, String where) {
    LocalDate from;
    try {
      from = LocalDate.parse(CatalogFiles.text(row, "from", where));
    } catch (DateTimeParseException e) {
      throw new CatalogException(where + ": field 'from' must be a date (YYYY-MM-DD)");
    }
    Map<QuantRecipe, Map<String, Types>> types = new EnumMap<>(QuantRecipe.class);
    for (JsonNode t : row.path("types")) {
      String name = CatalogFiles.text(t, "recipe", where);
      QuantRecipe recipe =
          QuantRecipe.parse(name)
              .orElseThrow(
                  () -> new CatalogException(where + ": '" + name + "' is not a llama.cpp recipe"));
      GgmlType type = ggmlType(CatalogFiles.text(t, "type", where), where);
      int firstLayers = t.path("firstLayers").asInt(0);
      Types rule =
          firstLayers > 0
              ? new Types(
                  firstLayers, type, ggmlType(CatalogFiles.text(t, "otherwise", where), where))
              : new Types(0, type, type);
      for (JsonNode kind : t.path("tensors")) {
        types.computeIfAbsent(recipe, k -> new HashMap<>()).put(kind.asText(), rule);
      }
    }
    return new RecipeRevision(
        CatalogFiles.text(row, "id", where),
        from,
        CatalogFiles.text(row, "change", where),
        CatalogFiles.text(row, "source", where),
        row.path("attnV70b").asBoolean(true),
        types);
  }
}
