package org.llmadvisor.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.llmadvisor.app.config.Catalogs;
import org.llmadvisor.core.advice.Advice;
import org.llmadvisor.core.advice.AdviceRequest;
import org.llmadvisor.core.advice.LatencyTarget;
import org.llmadvisor.core.advice.Recommendation;
import org.llmadvisor.core.catalog.Hardware;
import org.llmadvisor.core.cost.Acquisition;
import org.llmadvisor.core.cost.HardwareOption;
import org.llmadvisor.core.workload.TokenDistribution;
import org.llmadvisor.core.workload.Workload;
import org.llmadvisor.core.workload.WorkloadException;

/** Validates an advice request field by field and runs the advisor. */
@ApplicationScoped
public class AdviceService implements org.llmadvisor.app.plan.RecommendationLookup {

  private final Catalogs catalogs;
  private final EstimateService estimates;

  @Inject
  public AdviceService(Catalogs catalogs, EstimateService estimates) {
    this.catalogs = catalogs;
    this.estimates = estimates;
  }

  public Advice advise(AdviceRequestBody b) {
    Advice a = catalogs.advisor().advise(request(b));
    synchronized (recent) {
      a.recommendations().forEach(r -> recent.put(r.id().format(), r));
    }
    return a;
  }

  /** A recommendation from a recent advice, so a plan applied from it keeps its predictions. */
  @Override
  public Optional<Recommendation> recent(String id) {
    synchronized (recent) {
      return Optional.ofNullable(recent.get(id));
    }
  }

  private final java.util.Map<String, Recommendation> recent =
      new java.util.LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, Recommendation> e) {
          return size() > 5000;
        }
      };

  AdviceRequest request(AdviceRequestBody b) {
    if (b == null) {
      throw ApiException.badField("body", "is required");
    }
    Workload w = workload(b.workload());
    double target = range("latencyTargetMs", b.latencyTargetMs(), null, 1, 3_600_000);
    LatencyTarget kind =
        switch (Optional.ofNullable(b.latencyTarget())
            .orElse("end-to-end")
            .toLowerCase(Locale.ROOT)) {
          case "end-to-end" -> LatencyTarget.END_TO_END;
          case "first-token" -> LatencyTarget.FIRST_TOKEN;
          default ->
              throw ApiException.badField(
                  "latencyTarget",
                  "must be end-to-end|first-token, was '" + b.latencyTarget() + "'");
        };
    Optional<Double> budget =
        Optional.ofNullable(b.monthlyBudgetUsd())
            .map(v -> range("monthlyBudgetUsd", v, null, 0, 1e9));
    Optional<Double> floor =
        Optional.ofNullable(b.qualityFloor()).map(v -> range("qualityFloor", v, null, 0, 100));
    boolean rented = Optional.ofNullable(b.allowRentedHardware()).orElse(true);
    List<HardwareOption> hw = new ArrayList<>();
    List<JsonNode> items = Optional.ofNullable(b.hardware()).orElse(List.of());
    if (items.size() > 64) {
      throw ApiException.badField("hardware", "must list at most 64 devices, was " + items.size());
    }
    for (int i = 0; i < items.size(); i++) {
      hw.add(option(items.get(i), "hardware[" + i + "]"));
    }
    return new AdviceRequest(
        w, target, kind, budget, floor, Boolean.TRUE.equals(b.dataMustStayLocal()), hw, rented);
  }

  private Workload workload(AdviceRequestBody.WorkloadBody w) {
    if (w == null) {
      throw ApiException.badField(
          "workload",
          "is required: {requestsPerDay, activeHoursPerDay, peakFactor, inputTokens, outputTokens, parallel}");
    }
    double perDay = range("workload.requestsPerDay", w.requestsPerDay(), null, 0.001, 1e10);
    double hours = range("workload.activeHoursPerDay", w.activeHoursPerDay(), 24.0, 0.01, 24);
    double peak = range("workload.peakFactor", w.peakFactor(), 1.0, 1, 1000);
    double in = range("workload.inputTokens", w.inputTokens(), null, 0, 2_000_000);
    double out = range("workload.outputTokens", w.outputTokens(), null, 1, 1_000_000);
    double in95 = range("workload.p95InputTokens", w.p95InputTokens(), in, 0, 4_000_000);
    double out95 = range("workload.p95OutputTokens", w.p95OutputTokens(), out, 1, 2_000_000);
    if (in95 < in) {
      throw ApiException.badField(
          "workload.p95InputTokens", "must be >= inputTokens (" + in + "), was " + in95);
    }
    if (out95 < out) {
      throw ApiException.badField(
          "workload.p95OutputTokens", "must be >= outputTokens (" + out + "), was " + out95);
    }
    int parallel =
        (int)
            range(
                "workload.parallel",
                w.parallel() == null ? null : w.parallel().doubleValue(),
                1.0,
                1,
                256);
    try {
      return new Workload(
          perDay,
          hours,
          peak,
          TokenDistribution.of(in, in95),
          TokenDistribution.of(out, out95),
          parallel);
    } catch (WorkloadException e) {
      throw ApiException.badField(
          "workload." + e.field(), e.getMessage().substring(e.field().length() + 1));
    }
  }

  private HardwareOption option(JsonNode n, String field) {
    if (n == null || n.isNull()) {
      throw ApiException.badField(field, "must be a hardware id or an object");
    }
    if (n.isTextual()) {
      Hardware h = estimates.catalogHardware(n.asText(), field);
      return new HardwareOption(h, Acquisition.OWNED, Optional.empty(), Optional.empty());
    }
    if (!n.isObject()) {
      throw ApiException.badField(field, "must be a hardware id or an object");
    }
    ObjectNode spec = ((ObjectNode) n).deepCopy();
    String acq = text(spec.remove("acquisition"), "owned");
    Acquisition a;
    try {
      a = Acquisition.valueOf(acq.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.badField(
          field + ".acquisition", "must be owned|buy|rent, was '" + acq + "'");
    }
    Optional<Double> purchase = number(spec.remove("purchaseUsd"), field + ".purchaseUsd");
    Optional<Double> hourly = number(spec.remove("usdPerHour"), field + ".usdPerHour");
    Hardware h;
    JsonNode id = spec.remove("id");
    if (id != null && !id.isNull()) {
      if (spec.size() > 0) {
        throw ApiException.badField(
            field + "." + spec.fieldNames().next(), "cannot be combined with id");
      }
      h =
          catalogs
              .hardware()
              .find(id.asText())
              .orElseThrow(
                  () ->
                      new ApiException(
                          400,
                          field + ".id",
                          field + ".id '" + id.asText() + "' is not in the catalog"));
    } else {
      try {
        h = estimates.hardware(spec);
      } catch (ApiException e) {
        throw new ApiException(
            400,
            e.field().replaceFirst("^hardware", field),
            e.getMessage().replaceFirst("^hardware", field));
      }
    }
    String hid = h.id();
    if (a == Acquisition.BUY && purchase.isEmpty()) {
      purchase = Optional.ofNullable(catalogs.offerings().ownership().purchaseUsd().get(hid));
      if (purchase.isEmpty()) {
        throw ApiException.badField(
            field + ".purchaseUsd", "is required to buy " + h.name() + " (no catalog price)");
      }
    }
    if (a == Acquisition.RENT && hourly.isEmpty()) {
      hourly = Optional.ofNullable(catalogs.offerings().ownership().rentalUsdPerHour().get(hid));
      if (hourly.isEmpty()) {
        throw ApiException.badField(
            field + ".usdPerHour", "is required to rent " + h.name() + " (no catalog price)");
      }
    }
    return new HardwareOption(h, a, purchase, hourly);
  }

  private static String text(JsonNode n, String fallback) {
    return n == null || n.isNull() ? fallback : n.asText();
  }

  private static Optional<Double> number(JsonNode n, String field) {
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isNumber()
        || !Double.isFinite(n.asDouble())
        || n.asDouble() <= 0
        || n.asDouble() > 1e8) {
      throw ApiException.badField(field, "must be a number > 0, was " + n);
    }
    return Optional.of(n.asDouble());
  }

  private static double range(String field, Double v, Double fallback, double min, double max) {
    Double x = v == null ? fallback : v;
    if (x == null) {
      throw ApiException.badField(field, "is required");
    }
    if (!Double.isFinite(x) || x < min || x > max) {
      throw ApiException.badField(
          field, "must be between " + fmt(min) + " and " + fmt(max) + ", was " + x);
    }
    return x;
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
