package org.llmadvisor.app.config;

import java.util.Locale;

/**
 * The names of a deployment's settings, {@code advisor.deployments.<id>.<key>}, as a property and
 * as the environment variable that sets it. Errors that ask for a setting and the rendered
 * deployment files both name settings through here, so they name them as {@link AdvisorConfig}
 * reads them.
 */
public final class DeploymentKeys {

  private DeploymentKeys() {}

  /** {@code advisor.deployments.<id>.<key>=<value>}, as a properties line or a -D option. */
  public static String property(String id, String key, String value) {
    return "advisor.deployments." + id + "." + key + "=" + value;
  }

  /**
   * The environment variable of {@code advisor.deployments.<id>.<key>}: upper case, and every
   * character that is not a letter or digit an underscore, as MicroProfile Config maps it.
   */
  public static String env(String id, String key) {
    return "ADVISOR_DEPLOYMENTS_" + envPart(id) + "_" + envPart(key);
  }

  private static String envPart(String s) {
    return s.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }
}
