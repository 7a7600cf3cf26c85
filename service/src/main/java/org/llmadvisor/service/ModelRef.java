package org.llmadvisor.service;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.llmadvisor.core.catalog.ModelCatalog;
import org.llmadvisor.core.catalog.ModelPreset;
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
    description = "A preset id, an object of architecture fields, or a Hugging Face config.json",
    oneOf = {String.class, Map.class})
public sealed interface ModelRef {

  /** The architecture, with the preset's id if it is one; refusals name {@code at} or under it. */
  Resolved validate(FieldPath at, ModelCatalog catalog);

  /** A model's architecture and, for a preset, its id. */
  record Resolved(String id, Architecture architecture) {}

  record Preset(String id) implements ModelRef {
    @Override
    public Resolved validate(FieldPath at, ModelCatalog catalog) {
      ModelPreset p =
          catalog
              .find(id)
              .orElseThrow(
                  () -> at.invalid("'" + id + "' is not a preset; see GET /api/catalog/models"));
      return new Resolved(p.id(), p.architecture());
    }
  }

  /** Architecture fields as {@link ArchitectureJson} reads them. */
  record Fields(ObjectNode json) implements ModelRef {
    @Override
    public Resolved validate(FieldPath at, ModelCatalog catalog) {
      try {
        return new Resolved(null, ArchitectureJson.read(json, ""));
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
        return new Resolved(null, HuggingFaceConfig.parse(config));
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
