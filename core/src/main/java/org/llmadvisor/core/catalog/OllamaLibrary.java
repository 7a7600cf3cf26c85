package org.llmadvisor.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.llmadvisor.core.data.CatalogException;
import org.llmadvisor.core.data.CatalogFiles;
import org.llmadvisor.core.memory.QuantRecipe;

/**
 * The Ollama library's model names ({@code catalog/ollama-library.json}): which preset each size of
 * a name is and which recipe its default tag has, so that a tag reads as people type it, {@code
 * name[:size[-variant][-quantization]]}: {@code qwen2.5}, {@code qwen2.5:7b}, {@code
 * llama3.1:8b-instruct-q4_K_M}, {@code registry.ollama.ai/library/llama3.2:1b}.
 */
public final class OllamaLibrary {

  /** One size of a library name and the preset it is. */
  public record Size(String size, String preset, double listedGB) {}

  /** A library name, its sizes, the recipe of its default tags and where that was read. */
  public record Model(
      String name, QuantRecipe quantization, String defaultSize, List<Size> sizes, String source) {

    public Optional<Size> size(String s) {
      return sizes.stream().filter(z -> z.size().equalsIgnoreCase(s)).findFirst();
    }
  }

  /**
   * What a tag names.
   *
   * @param tag the tag in the form Ollama lists it ({@code name:size-variant-quantization})
   * @param quantizationNamed the tag names its recipe (an exact tag, or one ending in it) rather
   *     than taking the default tag's
   * @param quantizedOn the day the tag's file was quantized, where the catalog knows it
   * @param source which catalog rows answered
   */
  public record Resolution(
      String tag,
      String preset,
      QuantRecipe quantization,
      boolean quantizationNamed,
      Optional<LocalDate> quantizedOn,
      String source) {}

  /** A tag cut into its parts; {@code size} and {@code quantization} are empty when not given. */
  public record TagName(
      String name, Optional<String> size, String variant, Optional<QuantRecipe> quantization) {

    private static final String LIBRARY_PREFIX = "registry.ollama.ai/library/";

    /**
     * Reads {@code name[:tag]}; empty when {@code s} is not shaped like an Ollama library tag (a
     * path, a URL, an {@code owner/repo} or an {@code hf.co/} name).
     */
    public static Optional<TagName> parse(String s) {
      String t = s.trim();
      if (t.toLowerCase(Locale.ROOT).startsWith(LIBRARY_PREFIX)) {
        t = t.substring(LIBRARY_PREFIX.length());
      }
      if (t.isEmpty() || t.contains("/") || t.contains("\\") || t.chars().anyMatch(c -> c <= ' ')) {
        return Optional.empty();
      }
      int colon = t.indexOf(':');
      String name = (colon < 0 ? t : t.substring(0, colon)).toLowerCase(Locale.ROOT);
      String tag = colon < 0 ? "latest" : t.substring(colon + 1);
      if (name.isEmpty() || tag.isEmpty() || tag.equalsIgnoreCase("latest")) {
        return name.isEmpty()
            ? Optional.empty()
            : Optional.of(new TagName(name, Optional.empty(), "", Optional.empty()));
      }
      List<String> parts = new ArrayList<>(List.of(tag.split("-")));
      Optional<QuantRecipe> q = recipe(parts.get(parts.size() - 1));
      if (q.isPresent()) {
        parts.remove(parts.size() - 1);
      }
      if (parts.isEmpty()) {
        // "name:q4_K_M": the default size at that recipe
        return Optional.of(new TagName(name, Optional.empty(), "", q));
      }
      String size = parts.remove(0).toLowerCase(Locale.ROOT);
      return Optional.of(new TagName(name, Optional.of(size), String.join("-", parts), q));
    }

    /** Ollama writes F16 as {@code fp16} and the K recipes with a lower-case {@code q}. */
    static Optional<QuantRecipe> recipe(String s) {
      String n = s.toUpperCase(Locale.ROOT);
      return QuantRecipe.parse(n.startsWith("FP") ? n.substring(1) : n);
    }
  }

  private final List<Model> models;

  private OllamaLibrary(List<Model> models) {
    this.models = models;
  }

  public static OllamaLibrary load(Optional<Path> userFile) {
    return new OllamaLibrary(
        CatalogFiles.load(
            "ollama-library.json",
            "ollamaLibrary",
            "name",
            userFile,
            OllamaLibrary::parse,
            Model::name));
  }

  public static OllamaLibrary bundled() {
    return load(Optional.empty());
  }

  public List<Model> all() {
    return models;
  }

  public Optional<Model> find(String name) {
    return models.stream().filter(m -> m.name().equalsIgnoreCase(name)).findFirst();
  }

  /**
   * What {@code s} names: an exact tag of {@code tags} first (it may know the day its file was
   * quantized), else a library name and size, at the recipe the tag names or the default tag's.
   * Empty when {@code s} is not a tag of either.
   */
  public Optional<Resolution> resolve(String s, List<OllamaTag> tags) {
    Optional<TagName> parsed = TagName.parse(s);
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    TagName n = parsed.get();
    Optional<Model> model = find(n.name());
    String size = n.size().orElse(model.map(Model::defaultSize).orElse(""));
    Optional<Size> z = model.flatMap(m -> m.size(size));
    QuantRecipe q =
        n.quantization().orElse(model.map(Model::quantization).orElse(QuantRecipe.Q4_K_M));
    String canonical =
        n.name()
            + ":"
            + size
            + (n.variant().isEmpty() ? "" : "-" + n.variant())
            + (n.quantization().isPresent() ? "-" + tagSuffix(q) : "");
    Optional<OllamaTag> exact =
        tags.stream()
            .filter(
                t ->
                    t.tag().equalsIgnoreCase(s.trim())
                        || t.tag().equalsIgnoreCase(canonical)
                        || (n.quantization().isPresent() || n.size().isEmpty())
                            && sameModel(t, n.name(), size, q, n.variant()))
            .findFirst();
    if (exact.isPresent()) {
      OllamaTag t = exact.get();
      return Optional.of(
          new Resolution(
              t.tag(),
              t.preset(),
              t.quantization(),
              true,
              t.quantizedOn(),
              "Ollama tag " + t.tag() + " of the bundled catalog (local-models.json)"));
    }
    if (z.isEmpty()) {
      return Optional.empty();
    }
    Model m = model.get();
    // a tag of the same name and size that knows its day (llama2:7b-chat-q4_0 for llama2:7b)
    Optional<LocalDate> day =
        tags.stream()
            .filter(t -> sameModel(t, m.name(), z.get().size(), null, ""))
            .flatMap(t -> t.quantizedOn().stream())
            .findFirst();
    return Optional.of(
        new Resolution(
            m.name() + ":" + canonical.substring(canonical.indexOf(':') + 1),
            z.get().preset(),
            q,
            n.quantization().isPresent(),
            day,
            "Ollama library name "
                + m.name()
                + ":"
                + z.get().size()
                + " of the bundled catalog (ollama-library.json)"));
  }

  /** Whether a catalog tag is name:size[-variant]-recipe; a null recipe matches any. */
  private static boolean sameModel(
      OllamaTag t, String name, String size, QuantRecipe q, String variant) {
    Optional<TagName> n = TagName.parse(t.tag());
    return n.isPresent()
        && n.get().name().equals(name)
        && n.get().size().filter(size::equalsIgnoreCase).isPresent()
        && (q == null || t.quantization() == q)
        && (variant.isEmpty() || n.get().variant().equalsIgnoreCase(variant));
  }

  private static String tagSuffix(QuantRecipe q) {
    return switch (q) {
      case F16 -> "fp16";
      case BF16 -> "bf16";
      case F32 -> "fp32";
      default -> q.name().replaceFirst("^Q", "q");
    };
  }

  private static Model parse(JsonNode row, String where) {
    String q = CatalogFiles.text(row, "quantization", where);
    QuantRecipe recipe =
        QuantRecipe.parse(q)
            .orElseThrow(
                () ->
                    new CatalogException(
                        where + ": field 'quantization' '" + q + "' is not a llama.cpp recipe"));
    Map<String, Size> sizes = new LinkedHashMap<>();
    for (JsonNode s : row.path("sizes")) {
      Size z =
          new Size(
              CatalogFiles.text(s, "size", where + " sizes"),
              CatalogFiles.text(s, "preset", where + " sizes"),
              s.path("listedGB").asDouble(0));
      sizes.put(z.size().toLowerCase(Locale.ROOT), z);
    }
    if (sizes.isEmpty()) {
      throw new CatalogException(where + ": field 'sizes' must list at least one size");
    }
    String def = CatalogFiles.text(row, "default", where);
    if (!sizes.containsKey(def.toLowerCase(Locale.ROOT))) {
      throw new CatalogException(
          where + ": field 'default' '" + def + "' is not one of its sizes " + sizes.keySet());
    }
    return new Model(
        CatalogFiles.text(row, "name", where).toLowerCase(Locale.ROOT),
        recipe,
        def,
        List.copyOf(sizes.values()),
        CatalogFiles.text(row, "source", where));
  }
}
