package org.llmadvisor.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.llmadvisor.core.data.CatalogFiles;
import org.llmadvisor.core.model.ArchitectureJson;

/** Model presets: the bundled {@code catalog/models.json} plus an optional user file. */
public final class ModelCatalog {

  private final List<ModelPreset> presets;

  private ModelCatalog(List<ModelPreset> presets) {
    this.presets = presets;
  }

  public static ModelCatalog load(Optional<Path> userFile) {
    return new ModelCatalog(
        CatalogFiles.load("models.json", "models", userFile, ModelCatalog::parse, ModelPreset::id));
  }

  public static ModelCatalog bundled() {
    return load(Optional.empty());
  }

  public List<ModelPreset> all() {
    return presets;
  }

  public Optional<ModelPreset> find(String id) {
    return presets.stream().filter(p -> p.id().equalsIgnoreCase(id)).findFirst();
  }

  /** The preset whose architecture is the config.json of Hugging Face repository {@code repo}. */
  public Optional<ModelPreset> byHuggingFace(String repo) {
    return presets.stream()
        .filter(p -> p.huggingFace().filter(repo::equalsIgnoreCase).isPresent())
        .findFirst();
  }

  private static ModelPreset parse(JsonNode row, String where) {
    String id = CatalogFiles.text(row, "id", where);
    String name = CatalogFiles.text(row, "name", where);
    var arch = ArchitectureJson.read(row.get("architecture"), "architecture.").withName(name);
    JsonNode exact = row.get("publishedParameters");
    return new ModelPreset(
        id,
        name,
        CatalogFiles.optText(row, "family").orElse(""),
        arch,
        exact == null || exact.isNull() ? OptionalLong.empty() : OptionalLong.of(exact.asLong()),
        CatalogFiles.optText(row, "nominalParameters").orElse(null),
        CatalogFiles.text(row, "source", where),
        CatalogFiles.text(row, "retrieved", where),
        CatalogFiles.optText(row, "note").orElse(null),
        CatalogFiles.optText(row, "huggingFace"));
  }
}
