package org.llmadvisor.core.advice;

import static org.llmadvisor.core.units.Wording.f;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.llmadvisor.core.units.Wording;

/**
 * Why one engine rather than the other: a vLLM candidate is set beside Ollama's cheapest candidate
 * that meets every constraint, an Ollama one beside vLLM's cheapest of the same model, so the
 * answer says what continuous batching saves (or costs) in servers and money.
 */
final class EngineComparison {

  private EngineComparison() {}

  /** Every candidate, a vLLM or Ollama one of a model both serve with one reason more. */
  static List<Recommendation> explain(List<Recommendation> all) {
    List<Recommendation> out = new ArrayList<>(all.size());
    for (Recommendation r : all) {
      out.add(reason(r, all).map(reason -> withReason(r, reason)).orElse(r));
    }
    return out;
  }

  static Optional<String> reason(Recommendation r, List<Recommendation> all) {
    if (r.local().isEmpty()) {
      return Optional.empty();
    }
    boolean vllm = r.id().provider() == RecommendationId.Provider.VLLM;
    RecommendationId.Provider other =
        vllm ? RecommendationId.Provider.OLLAMA : RecommendationId.Provider.VLLM;
    List<Recommendation> rivals =
        all.stream()
            .filter(x -> x.id().provider() == other)
            // a vLLM candidate is set beside Ollama's cheapest of any model, as Ollama serves
            // more models than vLLM's list; an Ollama one beside vLLM's of its own model only
            .filter(x -> vllm || x.local().get().preset().equals(r.local().get().preset()))
            .toList();
    if (rivals.isEmpty()) {
      return Optional.empty();
    }
    Optional<Recommendation> rival =
        rivals.stream()
            .filter(Recommendation::meetsAll)
            .min(Comparator.comparing(x -> x.predicted().monthlyCost()));
    String self = engine(r, vllm);
    if (rival.isEmpty()) {
      return Optional.of(
          f(
              "Engine: %s; no %s server %s meets every constraint.",
              self, vllm ? "Ollama" : "vLLM", vllm ? "of any model" : "of this model"));
    }
    Recommendation o = rival.get();
    return Optional.of(
        f(
            "Engine: %s; %s's cheapest that meets every constraint, %s, needs %s at $%,.2f a month.",
            self,
            vllm ? "Ollama" : "vLLM",
            o.model() + " on " + o.local().get().hardwareName(),
            servers(o),
            o.predicted().monthlyCost().toDouble()));
  }

  private static String engine(Recommendation r, boolean vllm) {
    int slots = r.local().get().parallelSlots();
    return vllm
        ? f(
            "vLLM, %s in flight share each step on %s",
            Wording.count(slots, "sequence"),
            r.id().shape().replicas() == 1 ? "the server" : "each server")
        : f("Ollama (llama.cpp) with %s per server", Wording.count(slots, "parallel slot"));
  }

  private static String servers(Recommendation r) {
    int slots = r.local().get().parallelSlots();
    return f(
        "%s with %s",
        Wording.count(r.id().shape().replicas(), "server"),
        r.id().provider() == RecommendationId.Provider.VLLM
            ? Wording.count(slots, "sequence") + " in flight"
            : Wording.count(slots, "parallel slot"));
  }

  private static Recommendation withReason(Recommendation r, String reason) {
    List<String> reasons = new ArrayList<>(r.reasons());
    reasons.add(reason);
    return new Recommendation(
        r.id(),
        r.provider(),
        r.model(),
        r.modelId(),
        r.local(),
        r.predicted(),
        r.quality(),
        r.unmet(),
        reasons,
        r.cost());
  }
}
