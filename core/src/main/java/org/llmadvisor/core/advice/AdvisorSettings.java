package org.llmadvisor.core.advice;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.llmadvisor.core.data.CatalogException;
import org.llmadvisor.core.data.CatalogFiles;
import org.llmadvisor.core.units.ByteSize;

/**
 * How the advisor simulates the peak and searches a local deployment's shape, from {@code
 * catalog/advisor.json} where each setting carries its source; a user's catalog file may override
 * any of them under {@code advisor}.
 *
 * @param simulatedRequests requests simulated per local candidate
 * @param trafficSeed seed of the traffic sample every local candidate of an advice shares
 * @param hostRam system RAM assumed beside a GPU for layers that do not fit on it
 * @param devicesPerServer devices per server tried, in order, when a model does not fit on one
 * @param maxReplicas the most servers a fleet is searched up to
 */
public record AdvisorSettings(
    int simulatedRequests,
    long trafficSeed,
    ByteSize hostRam,
    List<Integer> devicesPerServer,
    int maxReplicas) {

  private static final String FILE = "advisor.json";

  public AdvisorSettings {
    devicesPerServer = List.copyOf(devicesPerServer);
    if (simulatedRequests < 1) {
      throw new IllegalArgumentException(
          "simulatedRequests must be >= 1, was " + simulatedRequests);
    }
    if (devicesPerServer.stream().anyMatch(d -> d < 2)) {
      throw new IllegalArgumentException(
          "devicesPerServer are tried beyond one device, so each must be >= 2, was "
              + devicesPerServer);
    }
    if (maxReplicas < 1) {
      throw new IllegalArgumentException("maxReplicas must be >= 1, was " + maxReplicas);
    }
  }

  public static AdvisorSettings bundled() {
    return load(Optional.empty());
  }

  /** The bundled settings, each replaced by the user's file where it names it. */
  public static AdvisorSettings load(Optional<Path> userFile) {
    JsonNode bundled = CatalogFiles.bundled(FILE).path("advisor");
    JsonNode user = CatalogFiles.user(userFile).path("advisor");
    String where = userFile.map(p -> p + " or ").orElse("") + "bundled " + FILE;
    try {
      return new AdvisorSettings(
          (int) whole(value(bundled, user, "simulatedRequests"), "simulatedRequests", where),
          whole(value(bundled, user, "trafficSeed"), "trafficSeed", where),
          ByteSize.ofGiB(whole(value(bundled, user, "hostRamGiB"), "hostRamGiB", where)),
          wholes(value(bundled, user, "devicesPerServer"), "devicesPerServer", where),
          (int) whole(value(bundled, user, "maxReplicas"), "maxReplicas", where));
    } catch (IllegalArgumentException e) {
      throw new CatalogException(where + ": advisor: " + e.getMessage(), e);
    }
  }

  private static JsonNode value(JsonNode bundled, JsonNode user, String field) {
    JsonNode u = user.path(field);
    JsonNode v = u.isMissingNode() ? bundled.path(field) : u;
    return v.isObject() ? v.path("value") : v;
  }

  private static long whole(JsonNode n, String field, String where) {
    if (!n.canConvertToExactIntegral() || n.asLong() < 0) {
      throw new CatalogException(
          where + ": advisor: field '" + field + "' must be a whole number >= 0, was " + n);
    }
    return n.asLong();
  }

  private static List<Integer> wholes(JsonNode n, String field, String where) {
    if (!n.isArray()) {
      throw new CatalogException(
          where + ": advisor: field '" + field + "' must be a list of whole numbers, was " + n);
    }
    List<Integer> out = new ArrayList<>();
    for (JsonNode v : n) {
      out.add((int) whole(v, field, where));
    }
    return out;
  }
}
