package org.llmadvisor.app.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.llmadvisor.core.advice.Advisor;
import org.llmadvisor.core.catalog.HardwareCatalog;
import org.llmadvisor.core.catalog.ModelCatalog;
import org.llmadvisor.core.catalog.OfferingCatalog;
import org.llmadvisor.core.sizing.Sizer;

/** The catalogs and models, loaded once at start-up from the bundled data and the user's file. */
@ApplicationScoped
public class Catalogs {

  private final ModelCatalog models;
  private final HardwareCatalog hardware;
  private final Sizer sizer;
  private final OfferingCatalog offerings;
  private final Advisor advisor;

  private static final org.jboss.logging.Logger LOG =
      org.jboss.logging.Logger.getLogger(Catalogs.class);

  @Inject
  public Catalogs(AdvisorConfig config) {
    long t0 = System.nanoTime();
    this.models = ModelCatalog.load(config.catalog().file());
    this.hardware = HardwareCatalog.load(config.catalog().file());
    this.sizer = Sizer.bundled();
    this.offerings = OfferingCatalog.load(config.catalog().file());
    this.advisor = new Advisor(models, hardware, offerings, sizer);
    LOG.infof(
        "catalog: %d models, %d devices, %d offerings, %d Ollama tags%s (%d ms)",
        models.all().size(),
        hardware.all().size(),
        offerings.offerings().size(),
        offerings.tags().size(),
        config.catalog().file().map(f -> ", with " + f).orElse(""),
        (System.nanoTime() - t0) / 1_000_000);
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

  public HardwareCatalog hardware() {
    return hardware;
  }

  public Sizer sizer() {
    return sizer;
  }
}
