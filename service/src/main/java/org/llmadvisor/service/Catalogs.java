package org.llmadvisor.service;

import java.nio.file.Path;
import java.util.Optional;
import org.llmadvisor.core.advice.Advisor;
import org.llmadvisor.core.advice.AdvisorSettings;
import org.llmadvisor.core.catalog.HardwareCatalog;
import org.llmadvisor.core.catalog.ModelCatalog;
import org.llmadvisor.core.catalog.OfferingCatalog;
import org.llmadvisor.core.catalog.OllamaLibrary;
import org.llmadvisor.core.data.CatalogException;
import org.llmadvisor.core.sizing.Sizer;
import org.llmadvisor.core.vllm.VllmCatalog;
import org.llmadvisor.core.vllm.VllmEstimator;

/**
 * The catalogs and models, loaded once from the bundled data and the user's file: what every door
 * (the HTTP app, the command line, MCP) answers from.
 */
public final class Catalogs {

  private final ModelCatalog models;
  private final OllamaLibrary library;
  private final HardwareCatalog hardware;
  private final Sizer sizer;
  private final VllmEstimator vllm;
  private final OfferingCatalog offerings;
  private final Advisor advisor;
  private final Optional<Path> userFile;
  private final RemoteModels remote;
  private final long loadMillis;

  private Catalogs(Optional<Path> userFile, RemoteModels remote) {
    long t0 = System.nanoTime();
    this.userFile = userFile;
    this.remote = remote;
    this.models = ModelCatalog.load(userFile);
    this.library = OllamaLibrary.load(userFile);
    this.hardware = HardwareCatalog.load(userFile);
    hardware
        .find(ThisMachine.ID)
        .ifPresent(
            h -> {
              // "local" is this machine as detected; a row could only shadow it or be shadowed
              throw new CatalogException(
                  userFile.map(f -> f + ": ").orElse("")
                      + "hardware row '"
                      + h.id()
                      + "': the id '"
                      + ThisMachine.ID
                      + "' names this machine as detected and measured; give the row another id");
            });
    this.sizer = Sizer.bundled();
    this.vllm = new VllmEstimator(VllmCatalog.load(userFile));
    this.offerings = OfferingCatalog.load(userFile);
    this.advisor = new Advisor(models, hardware, offerings, sizer, AdvisorSettings.load(userFile));
    this.loadMillis = (System.nanoTime() - t0) / 1_000_000;
  }

  /**
   * The bundled catalogs with the rows of {@code userFile} (when given) overriding or adding to
   * them by id; a bad row fails here, naming the file, the row and the field.
   */
  public static Catalogs load(Optional<Path> userFile) {
    return new Catalogs(userFile, new RemoteModels(RemoteModels.Settings.OFFLINE));
  }

  /** As {@link #load(Optional)}, reading names the catalog lacks from their registries. */
  public static Catalogs load(Optional<Path> userFile, RemoteModels remote) {
    return new Catalogs(userFile, remote);
  }

  /** Where a name the catalog lacks is read from, if anywhere. */
  public RemoteModels remote() {
    return remote;
  }

  /** One line for the start-up log: what was loaded, from where, and how long it took. */
  public String summary() {
    return String.format(
        "catalog: %d models, %d devices, %d offerings, %d Ollama tags%s (%d ms)",
        models.all().size(),
        hardware.all().size(),
        offerings.offerings().size(),
        offerings.tags().size(),
        userFile.map(f -> ", with " + f).orElse(""),
        loadMillis);
  }

  public OfferingCatalog offerings() {
    return offerings;
  }

  public Advisor advisor() {
    return advisor;
  }

  public ModelCatalog models() {
    return models;
  }

  /** The Ollama library's names and the presets their sizes are. */
  public OllamaLibrary library() {
    return library;
  }

  public HardwareCatalog hardware() {
    return hardware;
  }

  public Sizer sizer() {
    return sizer;
  }

  /** vLLM's sizing and speed, with the user's overrides of catalog/vllm.json. */
  public VllmEstimator vllm() {
    return vllm;
  }
}
