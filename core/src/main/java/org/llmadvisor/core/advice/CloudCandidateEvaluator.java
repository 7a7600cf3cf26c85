package org.llmadvisor.core.advice;

import static org.llmadvisor.core.advice.Text.shortSource;
import static org.llmadvisor.core.units.Wording.f;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.llmadvisor.core.catalog.CloudOffering;
import org.llmadvisor.core.catalog.Quality;
import org.llmadvisor.core.catalog.RateLimits;
import org.llmadvisor.core.cost.CostBreakdown;
import org.llmadvisor.core.cost.CostModel;
import org.llmadvisor.core.units.UsdAmount;
import org.llmadvisor.core.workload.Workload;

/**
 * Evaluates a cloud offering: latency from its published speed (a cloud API does not queue within
 * its rate limits), rate limits and context window as capacity, and tokens times price as cost.
 */
final class CloudCandidateEvaluator {

  private CloudCandidateEvaluator() {}

  static Recommendation evaluate(CloudOffering o, RecommendationId id, AdviceRequest r) {
    Workload w = r.workload();
    Assessment a = new Assessment();
    CostBreakdown cost = CostModel.cloud(o, w);
    Double ttft = o.timeToFirstTokenSeconds().map(s -> s * 1000).orElse(null);
    Double tps = o.outputTokensPerSecond().orElse(null);
    Double p50 = ttft == null || tps == null ? null : latencyMs(ttft, tps, w.output().mean());
    Double p95 = ttft == null || tps == null ? null : latencyMs(ttft, tps, w.output().p95());
    a.note(speedReason(o, w, ttft, tps, p50, p95));
    Double needed = r.latencyTarget() == LatencyTarget.FIRST_TOKEN ? ttft : p95;
    a.judge(
        Constraint.LATENCY,
        needed == null
            ? ConstraintChecks.latencyUnknown(r, missingSpeed(ttft, tps))
            : ConstraintChecks.latency(r, p95, ttft, true));
    capacity(o, r).forEach(v -> a.judge(Constraint.CAPACITY, v));
    a.judge(Constraint.BUDGET, ConstraintChecks.budget(r, cost));
    a.judge(Constraint.QUALITY, ConstraintChecks.quality(r, o.quality()));
    if (r.dataMustStayLocal()) {
      a.judge(
          Constraint.DATA_LOCALITY,
          Verdict.fail(
              "Data must stay on the premises; "
                  + o.providerName()
                  + " processes prompts in its cloud."));
    }
    a.notes(cost.basis());
    Predicted p =
        new Predicted(
            p50,
            p95,
            ttft,
            ttft,
            tps,
            UsdAmount.of(cost.monthlyUsd()),
            UsdAmount.of(cost.costPerMillionTokensUsd()));
    return new Recommendation(
        id,
        o.provider(),
        o.providerName() + " " + o.model(),
        o.model(),
        Optional.empty(),
        p,
        o.quality().map(Quality::score),
        a.unmet(),
        a.reasons(),
        cost);
  }

  /** A tier's published limits in words: "5,000 requests and 2,000,000 tokens a minute". */
  private static String limits(RateLimits t) {
    List<String> parts = new ArrayList<>();
    t.requestsPerMinute().ifPresent(v -> parts.add(f("%,d requests", v)));
    t.tokensPerMinute().ifPresent(v -> parts.add(f("%,d tokens", v)));
    return String.join(" and ", parts) + " a minute";
  }

  /** The first token arrives after ttft; each further token takes one step at the output speed. */
  static double latencyMs(double ttftMs, double tokensPerSecond, double outputTokens) {
    return ttftMs + (outputTokens - 1) / tokensPerSecond * 1000;
  }

  /** Which of the offering's speed figures no source gives, in words. */
  private static String missingSpeed(Double ttft, Double tps) {
    String what =
        ttft == null && tps == null
            ? "time to first token and output speed"
            : ttft == null ? "time to first token" : "output speed";
    return "no published measurement of its " + what;
  }

  private static String speedReason(
      CloudOffering o, Workload w, Double ttft, Double tps, Double p50, Double p95) {
    if (p50 == null) {
      return f(
          "%s %s: %s, so its latency is unknown; measure it with the chat API and the advisor will use the measured figure.",
          o.providerName(), o.model(), missingSpeed(ttft, tps));
    }
    return f(
        "%s %s: measured %.2f s to the first token and %.0f tokens/s (%s), so %,.0f output tokens take %,.0f ms at the median and %,.0f ms at p95; no queueing on a cloud API within its rate limits.",
        o.providerName(),
        o.model(),
        ttft / 1000,
        tps,
        shortSource(o.speedSource()),
        w.output().mean(),
        p50,
        p95);
  }

  /**
   * Rate limits at the peak minute, then the context window. The limits checked are those of the
   * request's tier ({@link AdviceRequest#rateLimitTier}, else the lowest the offering publishes). A
   * peak over that tier's limits but within a higher published tier is a warning, not a failed
   * constraint: OpenAI raises an account's tier as its payments grow and Azure grants more quota on
   * request, so the offering can serve the workload once the account has that tier, and the reason
   * names it. A peak over even the highest published tier fails capacity: no account can send it to
   * one deployment of that model. A limit that holds is told only when it says something (the share
   * of tokens a minute used); a request limit that holds is not.
   */
  private static List<Verdict> capacity(CloudOffering o, AdviceRequest r) {
    Workload w = r.workload();
    List<Verdict> out = new ArrayList<>();
    double peakRpm = w.peakArrivalsPerSecond() * 60;
    double peakTpm = peakRpm * (w.input().mean() + w.output().mean());
    List<RateLimits> tiers = o.tiers();
    if (!tiers.isEmpty()) {
      RateLimits rl =
          r.rateLimitTier()
              .flatMap(
                  name -> tiers.stream().filter(t -> t.tier().equalsIgnoreCase(name)).findFirst())
              .orElse(tiers.get(0));
      List<String> over = new ArrayList<>();
      if (rl.requestsPerMinute().isPresent() && peakRpm > rl.requestsPerMinute().get()) {
        over.add(
            f(
                "the peak needs %,.0f requests a minute; %s allows %,d",
                peakRpm, rl.tier(), rl.requestsPerMinute().get()));
      }
      if (rl.tokensPerMinute().isPresent() && peakTpm > rl.tokensPerMinute().get()) {
        over.add(
            f(
                "the peak needs %,.0f tokens a minute; %s allows %,d",
                peakTpm, rl.tier(), rl.tokensPerMinute().get()));
      }
      if (over.isEmpty()) {
        rl.tokensPerMinute()
            .ifPresent(
                tpm ->
                    out.add(
                        Verdict.pass(
                            f(
                                "Rate limits (%s): the peak uses %.0f%% of %,d tokens a minute.",
                                rl.tier(), 100 * peakTpm / tpm, tpm))));
      } else {
        String joined = String.join("; ", over);
        String exceeded = Character.toUpperCase(joined.charAt(0)) + joined.substring(1);
        Optional<RateLimits> enough =
            tiers.subList(tiers.indexOf(rl) + 1, tiers.size()).stream()
                .filter(t -> t.allows(peakRpm, peakTpm))
                .findFirst();
        out.add(
            enough.isPresent()
                ? Verdict.pass(
                    f(
                        "%s: over the rate limit at %s; the workload needs %s or higher (%s), which %s grants to accounts that qualify.",
                        exceeded,
                        rl.tier(),
                        enough.get().tier(),
                        limits(enough.get()),
                        o.providerName()))
                : Verdict.fail(
                    f(
                        "%s: over the rate limit%s.",
                        exceeded,
                        tiers.indexOf(rl) == tiers.size() - 1
                            ? ""
                            : f(
                                ", and over the highest published tier too (%s: %s)",
                                tiers.get(tiers.size() - 1).tier(),
                                limits(tiers.get(tiers.size() - 1))))));
      }
    } else {
      out.add(
          Verdict.pass(
              o.provider().equals("azure-openai")
                  ? "Rate limits are your Azure deployment's quota; check it covers "
                      + f("%,.0f tokens a minute at peak.", peakTpm)
                  : "No published rate limit for this model; check your account's tier."));
    }
    if (w.contextNeeded() > o.contextWindow() || w.output().p95() > o.maxOutputTokens()) {
      out.add(
          Verdict.fail(
              f(
                  "A p95 request needs %,d tokens of context (%,.0f of output); %s has %,d (%,d output).",
                  w.contextNeeded(),
                  w.output().p95(),
                  o.model(),
                  o.contextWindow(),
                  o.maxOutputTokens())));
    }
    return out;
  }
}
