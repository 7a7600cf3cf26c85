package org.llmadvisor.service;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.llmadvisor.core.catalog.ModelCatalog;
import org.llmadvisor.core.catalog.ModelPreset;
import org.llmadvisor.core.gguf.GgufModel;
import org.llmadvisor.core.memory.QuantRecipe;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.model.ArchitectureException;
import org.llmadvisor.core.model.ArchitectureJson;
import org.llmadvisor.core.model.HuggingFaceConfig;

/**
 * The model of an estimate: a preset id ({@code "llama-2-7b"}), an object of architecture fields
 * ({@code {"vocabSize", "hiddenSize", "layers", ...}}), or a Hugging Face config.json (an object
 * with a {@code model_type}). The two objects stay JSON here: their fields are core's, read and
 * checked by {@link ArchitectureJson} and {@link HuggingFaceConfig}, which the catalog files use
 * too.
 */
@JsonDeserialize(using = ModelRef.Reader.class)
@Schema(
    name = "ModelRef",
    description =
        "A model name (preset id, Ollama tag, Hugging Face repository, GGUF file path), an object"
            + " of architecture fields, or a Hugging Face config.json",
    oneOf = {String.class, Map.class})
public sealed interface ModelRef {

  /** The architecture, with the preset's id if it is one; refusals name {@code at} or under it. */
  Resolved validate(FieldPath at, ModelCatalog catalog);

  /** As {@link #validate(FieldPath, ModelCatalog)}, a name read as any name people use. */
  default Resolved validate(FieldPath at, Catalogs catalogs) {
    return validate(at, catalogs.models());
  }

  /**
   * A model's architecture and, for a preset, its id.
   *
   * @param source which catalog rows or file answered, in words
   * @param quantization the recipe the name gives (an Ollama tag's), if any
   * @param quantizationNamed the name fixes the recipe (an exact tag, a file) rather than taking a
   *     default one
   * @param quantizedOn the day the named file was quantized, where the catalog knows it
   * @param file a GGUF file's tensors with their stored types, when the name is a file
   */
  record Resolved(
      String id,
      Architecture architecture,
      String source,
      Optional<QuantRecipe> quantization,
      boolean quantizationNamed,
      Optional<LocalDate> quantizedOn,
      Optional<GgufModel> file) {

    static Resolved of(String id, Architecture architecture, String source) {
      return new Resolved(
          id, architecture, source, Optional.empty(), false, Optional.empty(), Optional.empty());
    }
  }

  /** A name: a preset id, an Ollama tag, a Hugging Face repository or a GGUF file. */
  record Preset(String id) implements ModelRef {
    @Override
    public Resolved validate(FieldPath at, ModelCatalog catalog) {
      ModelPreset p =
          catalog
              .find(id)
              .orElseThrow(
                  () -> at.invalid("'" + id + "' is not a preset; see GET /api/catalog/models"));
      return Resolved.of(p.id(), p.architecture(), "preset " + p.id() + " (models.json)");
    }

    @Override
    public Resolved validate(FieldPath at, Catalogs catalogs) {
      return ModelNames.resolve(id, at, catalogs);
    }
  }

  /** Architecture fields as {@link ArchitectureJson} reads them. */
  record Fields(ObjectNode json) implements ModelRef {
    @Override
    public Resolved validate(FieldPath at, ModelCatalog catalog) {
      try {
        return Resolved.of(null, ArchitectureJson.read(json, ""), "architecture fields as given");
      } catch (ArchitectureException e) {
        throw at.inner(e.field(), e.getMessage());
      }
    }
  }

  /** A Hugging Face config.json. */
  record HuggingFace(ObjectNode config) implements ModelRef {
    @Override
    public Resolved validate(FieldPath at, ModelCatalog catalog) {
      try {
        return Resolved.of(null, HuggingFaceConfig.parse(config), "config.json as given");
      } catch (ArchitectureException e) {
        throw at.inner(e.field(), e.getMessage());
      }
    }
  }

  /** Reads a string as a {@link Preset}; an object as {@link HuggingFace} or {@link Fields}. */
  final class Reader extends RequestJson.IdOrObject<ModelRef> {
    public Reader() {
      super(ModelRef.class, "a preset id or an object");
    }

    @Override
    ModelRef id(String id) {
      return new Preset(id);
    }

    @Override
    ModelRef object(JsonParser p, DeserializationContext ctxt) throws IOException {
      ObjectNode json = (ObjectNode) ctxt.readTree(p);
      return json.has("model_type") ? new HuggingFace(json) : new Fields(json);
    }
  }
}
