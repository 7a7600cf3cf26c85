package org.llmadvisor.app.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import org.llmadvisor.service.Catalogs;
import org.llmadvisor.service.EstimateService;

/** The catalogs, loaded once at start-up from the bundled data and the configured user file. */
public class CatalogsProducer {

  private static final Logger LOG = Logger.getLogger(CatalogsProducer.class);

  @Produces
  @Singleton
  Catalogs catalogs(AdvisorConfig config) {
    Catalogs c = Catalogs.load(config.catalog().file());
    LOG.info(c.summary());
    return c;
  }

  @Produces
  @Singleton
  EstimateService estimates(Catalogs catalogs) {
    return new EstimateService(catalogs);
  }
}
