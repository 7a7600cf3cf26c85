package org.llmadvisor.service;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.llmadvisor.core.catalog.ModelPreset;
import org.llmadvisor.core.catalog.OllamaLibrary;
import org.llmadvisor.core.gguf.GgufFormatException;
import org.llmadvisor.core.gguf.GgufModel;
import org.llmadvisor.core.gguf.GgufReader;
import org.llmadvisor.core.memory.QuantRecipe;
import org.llmadvisor.core.model.ArchitectureException;

/**
 * A model named the way people name it, resolved once for every door: a preset id ({@code
 * llama-2-7b}), an Ollama tag ({@code qwen2.5:7b}, {@code llama3.1:8b-instruct-q4_K_M}, {@code
 * hf.co/owner/repo-GGUF:Q4_K_M}), a Hugging Face repository ({@code Qwen/Qwen2.5-7B-Instruct},
 * optionally {@code @revision}) or a local GGUF file. The bundled catalog answers, and the answer
 * says which rows did; a name nothing answers is refused with what was tried.
 */
public final class ModelNames {

  private static final Pattern HF_REPO =
      Pattern.compile("([A-Za-z0-9][\\w.-]*)/([\\w.-]+?)(?:@([\\w./-]+))?");
  private static final Pattern HF_CO =
      Pattern.compile(
          "(?:https?://)?(?:hf\\.co|huggingface\\.co)/([\\w.-]+)/([\\w.-]+?)(?::(\\S+))?");

  private ModelNames() {}

  /** Resolves {@code name}; a refusal names {@code at}. */
  public static ModelRef.Resolved resolve(String name, FieldPath at, Catalogs catalogs) {
    String n = name.trim();
    List<String> tried = new ArrayList<>();
    tried.add("a preset id (see GET /api/catalog/models)");
    Optional<ModelPreset> preset = catalogs.models().find(n);
    if (preset.isPresent()) {
      ModelPreset p = preset.get();
      return ModelRef.Resolved.of(p.id(), p.architecture(), "preset " + p.id() + " (models.json)");
    }
    if (n.toLowerCase(Locale.ROOT).endsWith(".gguf") && !n.contains("://")) {
      return file(n, at);
    }
    tried.add("an Ollama tag (name[:size[-variant][-quantization]])");
    Optional<OllamaLibrary.Resolution> tag =
        catalogs.library().resolve(n, catalogs.offerings().tags());
    if (tag.isPresent()) {
      OllamaLibrary.Resolution t = tag.get();
      ModelPreset p =
          catalogs
              .models()
              .find(t.preset())
              .orElseThrow(
                  () ->
                      at.invalid(
                          "'"
                              + n
                              + "' is Ollama's "
                              + t.tag()
                              + ", whose preset "
                              + t.preset()
                              + " is not in the model catalog"));
      return new ModelRef.Resolved(
          p.id(),
          p.architecture(),
          t.source() + ", the preset " + p.id(),
          Optional.of(t.quantization()),
          t.quantizationNamed(),
          t.quantizedOn(),
          Optional.empty());
    }
    Matcher hf = HF_CO.matcher(n);
    tried.add("an Ollama hf.co/owner/repo[:quantization] tag");
    if (hf.matches()) {
      // a GGUF repository is named after the model it quantizes: owner/Model-GGUF
      String repo = hf.group(2).replaceFirst("(?i)[-_.]gguf$", "");
      Optional<ModelPreset> p = byRepoName(catalogs, repo);
      if (p.isPresent()) {
        Optional<QuantRecipe> q =
            Optional.ofNullable(hf.group(3))
                .flatMap(
                    s ->
                        QuantRecipe.parse(s)
                            .or(() -> QuantRecipe.parse(s.substring(s.lastIndexOf('-') + 1))));
        return new ModelRef.Resolved(
            p.get().id(),
            p.get().architecture(),
            "Hugging Face GGUF repository "
                + hf.group(1)
                + "/"
                + hf.group(2)
                + ", read offline as the preset "
                + p.get().id()
                + " of the bundled catalog",
            q.or(() -> Optional.of(QuantRecipe.Q4_K_M)),
            q.isPresent(),
            Optional.empty(),
            Optional.empty());
      }
    }
    Matcher repo = HF_REPO.matcher(n);
    tried.add("a Hugging Face repository (owner/name[@revision]) the bundled catalog knows");
    if (repo.matches() && !n.contains("://")) {
      String id = repo.group(1) + "/" + repo.group(2);
      Optional<ModelPreset> p = catalogs.models().byHuggingFace(id);
      if (p.isPresent()) {
        return ModelRef.Resolved.of(
            p.get().id(),
            p.get().architecture(),
            "Hugging Face repository "
                + id
                + ", read offline from the bundled catalog (models.json) as the preset "
                + p.get().id());
      }
    }
    tried.add("a local GGUF file (a path ending in .gguf)");
    Optional<String> remote = catalogs.remote().attempt(n);
    if (remote.isPresent()) {
      try {
        Optional<RemoteModels.Read> read = catalogs.remote().read(n);
        if (read.isPresent()) {
          RemoteModels.Read r = read.get();
          return new ModelRef.Resolved(
              null,
              r.architecture(),
              r.source(),
              Optional.empty(),
              r.file().isPresent(),
              Optional.empty(),
              r.file());
        }
        tried.add(remote.get());
      } catch (RemoteModels.Unreadable e) {
        tried.add(remote.get() + ": " + e.getMessage());
      }
    }
    throw at.invalid("'" + n + "' names no model known here; tried " + String.join(", ", tried));
  }

  /** The preset whose Hugging Face repository has this name, under any owner. */
  private static Optional<ModelPreset> byRepoName(Catalogs catalogs, String name) {
    return catalogs.models().all().stream()
        .filter(
            p ->
                p.huggingFace()
                    .filter(r -> r.substring(r.indexOf('/') + 1).equalsIgnoreCase(name))
                    .isPresent())
        .findFirst();
  }

  private static ModelRef.Resolved file(String n, FieldPath at) {
    Path path;
    try {
      path = Path.of(n);
    } catch (InvalidPathException e) {
      throw at.invalid("'" + n + "' is not a file path: " + e.getReason());
    }
    if (!Files.isRegularFile(path)) {
      throw at.invalid("'" + n + "' is not a GGUF file that can be read here");
    }
    try {
      GgufModel m = GgufModel.of(GgufReader.read(path));
      return new ModelRef.Resolved(
          null,
          m.architecture(),
          "the header of GGUF file " + path.getFileName() + " (tensor types as stored)",
          Optional.empty(),
          true,
          Optional.empty(),
          Optional.of(m));
    } catch (GgufFormatException | ArchitectureException e) {
      throw at.invalid("'" + n + "' could not be read as a GGUF model: " + e.getMessage());
    }
  }
}
