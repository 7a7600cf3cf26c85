package org.llmadvisor.app.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * API keys for /v1, plan changes, usage and deployments (see AccessFilter), from ADVISOR_API_KEYS.
 * With none configured the app is open, which is why it listens on loopback by default and says so
 * at start-up.
 */
@ApplicationScoped
public class AccessKeys {

  private static final Logger LOG = Logger.getLogger(AccessKeys.class);

  private final List<byte[]> keys;
  private final String host;

  @Inject
  public AccessKeys(
      AdvisorConfig config,
      @ConfigProperty(name = "quarkus.http.host", defaultValue = "127.0.0.1") String host) {
    this.keys =
        config.apiKeys().orElse(List.of()).stream()
            .filter(k -> !k.isBlank())
            .map(k -> k.trim().getBytes(StandardCharsets.UTF_8))
            .toList();
    this.host = host;
  }

  void onStart(@Observes StartupEvent e) {
    if (keys.isEmpty()) {
      LOG.infof(
          "no API keys configured (ADVISOR_API_KEYS): /v1, /api/plan, /api/usage and /api/deployments are open to anyone who can reach %s",
          host);
      if (!host.startsWith("127.") && !host.equals("localhost")) {
        LOG.warn("listening beyond loopback without API keys: set ADVISOR_API_KEYS");
      }
    } else {
      LOG.infof(
          "%d API key(s) configured: /v1, plan changes, /api/usage, /api/deployments and /api/ollama require Authorization: Bearer <key>",
          keys.size());
    }
  }

  public boolean required() {
    return !keys.isEmpty();
  }

  /**
   * True when no keys are configured or the header carries one of them (compared in constant time).
   */
  public boolean allows(String authorization) {
    if (keys.isEmpty()) {
      return true;
    }
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return false;
    }
    byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    boolean ok = false;
    for (byte[] k : keys) {
      ok |= MessageDigest.isEqual(k, given);
    }
    return ok;
  }
}
