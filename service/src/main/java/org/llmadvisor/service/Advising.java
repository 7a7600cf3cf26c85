package org.llmadvisor.service;

import java.util.ArrayList;
import java.util.List;
import org.llmadvisor.core.advice.Advice;
import org.llmadvisor.core.advice.AdviceRequest;
import org.llmadvisor.core.advice.Recommendation;

/**
 * Runs the advisor on an advice request, this machine among the devices unless the request says
 * otherwise: what every door answers {@code /api/advice} with. This machine's candidates say first
 * that they run here, as detected and measured.
 */
public final class Advising {

  private Advising() {}

  public static Advice advise(Catalogs catalogs, ThisMachine machine, AdviceRequestBody body) {
    AdviceRequest r = FieldPath.BODY.required(body).validate(catalogs, machine);
    Advice a = catalogs.advisor().advise(r);
    if (r.hardware().stream().noneMatch(o -> o.hardware().id().equals(ThisMachine.ID))) {
      return a;
    }
    ThisMachine.Seen seen = machine.seen();
    List<String> here =
        List.of(
            "Runs on this machine as detected: " + seen.detected() + ".",
            seen.measured(),
            seen.owned());
    return new Advice(
        a.recommendations().stream().map(x -> onThisMachine(x) ? withFirst(here, x) : x).toList(),
        a.best(),
        a.relax(),
        a.breakEven(),
        a.qualityCurve(),
        a.excluded(),
        a.summary(),
        a.workload());
  }

  /** Whether a candidate runs on this machine. */
  public static boolean onThisMachine(Recommendation x) {
    return x.local().map(l -> l.hardwareId().equals(ThisMachine.ID)).orElse(false);
  }

  private static Recommendation withFirst(List<String> lines, Recommendation x) {
    List<String> reasons = new ArrayList<>(lines);
    reasons.addAll(x.reasons());
    return new Recommendation(
        x.id(),
        x.provider(),
        x.model(),
        x.modelId(),
        x.local(),
        x.predicted(),
        x.quality(),
        x.unmet(),
        reasons,
        x.cost());
  }
}
