package org.llmadvisor.app.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.llmadvisor.core.catalog.HardwareCatalog;
import org.llmadvisor.core.catalog.ModelCatalog;
import org.llmadvisor.core.sizing.Sizer;

/** The catalogs and models, loaded once at start-up from the bundled data and the user's file. */
@ApplicationScoped
public class Catalogs {

  private final ModelCatalog models;
  private final HardwareCatalog hardware;
  private final Sizer sizer;

  @Inject
  public Catalogs(AdvisorConfig config) {
    this.models = ModelCatalog.load(config.catalog().file());
    this.hardware = HardwareCatalog.load(config.catalog().file());
    this.sizer = Sizer.bundled();
  }

  public ModelCatalog models() {
    return models;
  }

  public HardwareCatalog hardware() {
    return hardware;
  }

  public Sizer sizer() {
    return sizer;
  }
}
