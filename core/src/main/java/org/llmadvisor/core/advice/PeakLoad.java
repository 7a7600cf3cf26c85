package org.llmadvisor.core.advice;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.sizing.Sizing;
import org.llmadvisor.core.workload.DeploymentShape;
import org.llmadvisor.core.workload.FleetLatencyResult;
import org.llmadvisor.core.workload.LatencyResult;
import org.llmadvisor.core.workload.ServerModel;
import org.llmadvisor.core.workload.Workload;

/**
 * The servers under the peak load: latency percentiles, how long a request keeps its server busy
 * (for the energy cost), and the sentences that say so.
 *
 * @param unservable present when latency cannot be predicted at all
 * @param busySecondsPerRequest how long a request keeps its server working, for the energy cost
 * @param replicas servers sharing the peak
 * @param utilization the busiest server's fraction of time serving; null when speed is unknown
 * @param meanBatch sequences decoding together on average; null when speed is unknown
 */
record PeakLoad(
    Double p50,
    Double p95,
    Double ttft50,
    Double ttft95,
    double busySecondsPerRequest,
    Optional<Verdict> unservable,
    List<String> notes,
    int replicas,
    Double utilization,
    Double meanBatch) {

  /**
   * One server. Without a FLOP/s figure prompt speed is unknown, so only generation time is counted
   * as busy. An overloaded server has no bounded latency and is busy all the time at its capacity.
   * Otherwise the batches are simulated and a request's busy time is its prompt plus its share of a
   * batch.
   */
  static PeakLoad single(Sizing s, Hardware hw, Workload w, PeakRuns runs) {
    double pp = s.speed().promptTokensPerSecond();
    if (Double.isNaN(pp)) {
      return new PeakLoad(
          null,
          null,
          null,
          null,
          w.output().mean() * s.speed().generationMsPerToken() / 1000,
          Optional.of(Verdict.fail(LocalReasons.noFlops(hw))),
          List.of(),
          1,
          null,
          null);
    }
    List<String> notes = new ArrayList<>();
    ServerModel server = ServerModel.of(s.speed(), w.parallel());
    double capacityRps = server.capacity(w.input().mean(), w.output().mean());
    double peak = w.peakArrivalsPerSecond();
    notes.add(
        LocalReasons.speed(
            pp,
            s.speed().generationTokensPerSecond(),
            w.parallel(),
            1 / server.stepSeconds(w.parallel())));
    if (peak >= capacityRps) {
      notes.add(LocalReasons.overloaded(w.parallel(), capacityRps, peak));
      // every slot stays full while the queue grows
      return new PeakLoad(
          null,
          null,
          null,
          null,
          1 / capacityRps,
          Optional.empty(),
          notes,
          1,
          1.0,
          (double) w.parallel());
    }
    LatencyResult lr = runs.run(server, 1).latency();
    notes.add(LocalReasons.underLoad(peak, lr));
    return new PeakLoad(
        lr.p50EndToEndMs(),
        lr.p95EndToEndMs(),
        lr.p50TimeToFirstTokenMs(),
        lr.p95TimeToFirstTokenMs(),
        busySecondsPerRequest(w, pp, server, lr.meanBatch()),
        Optional.empty(),
        notes,
        1,
        lr.utilization(),
        lr.meanBatch());
  }

  /**
   * Servers behind the balancer under the peak load, as {@code fr} ran them; {@code single} is one
   * server under the whole peak, for comparison.
   */
  static PeakLoad fleet(
      Sizing s,
      ServerModel server,
      Hardware hw,
      int devices,
      FleetLatencyResult fr,
      Workload w,
      PeakLoad single) {
    LatencyResult lr = fr.latency();
    List<String> notes = new ArrayList<>();
    notes.add(single.notes().get(0));
    notes.add(
        LocalReasons.fleet(
            new DeploymentShape(fr.replicas(), devices).describe(hw.name()),
            fr.serverUtilization().stream().mapToDouble(Double::doubleValue).min().orElse(0),
            fr.maxUtilization(),
            w.peakArrivalsPerSecond(),
            lr,
            single.p95(),
            server.capacity(w.input().mean(), w.output().mean())));
    double pp = s.speed().promptTokensPerSecond();
    return new PeakLoad(
        lr.p50EndToEndMs(),
        lr.p95EndToEndMs(),
        lr.p50TimeToFirstTokenMs(),
        lr.p95TimeToFirstTokenMs(),
        busySecondsPerRequest(w, pp, server, lr.meanBatch()),
        Optional.empty(),
        notes,
        fr.replicas(),
        fr.maxUtilization(),
        lr.meanBatch());
  }

  /**
   * How long one request keeps its server working: its prompt at the prompt rate, then its share of
   * the decode steps it ran in, batched with the average batch.
   */
  private static double busySecondsPerRequest(
      Workload w, double promptTokensPerSecond, ServerModel server, double meanBatch) {
    double batch = Math.max(1, meanBatch);
    return w.input().mean() / promptTokensPerSecond
        + w.output().mean() * server.stepSeconds((int) Math.round(batch)) / batch;
  }
}
