package org.llmadvisor.app.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.llmadvisor.machine.MeasureSettings;
import org.llmadvisor.service.Catalogs;
import org.llmadvisor.service.EstimateService;
import org.llmadvisor.service.RemoteModels;
import org.llmadvisor.service.ThisMachine;

/**
 * The catalogs, loaded once at start-up from the bundled data and the configured user file, and
 * this machine as the settings say to detect and measure it.
 */
public class CatalogsProducer {

  private static final Logger LOG = Logger.getLogger(CatalogsProducer.class);

  @Produces
  @Singleton
  Catalogs catalogs(AdvisorConfig config) {
    AdvisorConfig.ModelSources m = config.models();
    Catalogs c =
        Catalogs.load(
            config.catalog().file(),
            new RemoteModels(
                new RemoteModels.Settings(
                    m.online(),
                    URI.create(m.ollamaRegistry()),
                    URI.create(m.huggingFace()),
                    m.hfToken().or(() -> Optional.ofNullable(System.getenv("HF_TOKEN"))),
                    Optional.of(Path.of(config.dataDir())),
                    m.timeout())));
    LOG.info(c.summary());
    return c;
  }

  @Produces
  @Singleton
  EstimateService estimates(Catalogs catalogs, ThisMachine machine) {
    return new EstimateService(catalogs, machine);
  }

  /**
   * This machine, for {@code "hardware": "local"} and {@code /api/system}: detected with the
   * configured tool timeout, measured with the configured settings, the measurement kept in the
   * data folder ({@code machine.json}).
   */
  @Produces
  @ApplicationScoped
  ThisMachine thisMachine(AdvisorConfig config, Catalogs catalogs) {
    return detected(config, catalogs);
  }

  /** This machine as {@link #thisMachine} builds it from the settings. */
  public static ThisMachine detected(AdvisorConfig config, Catalogs catalogs) {
    AdvisorConfig.MachineSettings m = config.machine();
    return ThisMachine.detected(
        Path.of(config.dataDir(), "machine.json"),
        new MeasureSettings(
            m.measureDuration(), m.measureMib() * 1024L * 1024L, MeasureSettings.DEFAULT.layers()),
        m.commandTimeout(),
        catalogs.hardware());
  }
}
