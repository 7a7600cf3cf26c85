package org.llmadvisor.app.config;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.Optional;

/** Settings under {@code advisor.*}; every key can also be given as -D option or environment. */
@ConfigMapping(prefix = "advisor")
public interface AdvisorConfig {

  /** Catalog overrides. */
  Catalog catalog();

  interface Catalog {
    /**
     * A JSON file whose {@code models} and {@code hardware} rows replace bundled rows with the same
     * id or add new ones (ADVISOR_CATALOG_FILE).
     */
    Optional<Path> file();
  }
}
