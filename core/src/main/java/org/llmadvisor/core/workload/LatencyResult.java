package org.llmadvisor.core.workload;

/**
 * Latency percentiles of a simulated run, in milliseconds, by nearest rank ({@link
 * org.llmadvisor.core.stats.Percentile}) over the requests after the warm-up. When the arrivals
 * exceed what the servers complete the queue grows without bound: {@code stable} is false and the
 * percentiles describe only the simulated stretch.
 *
 * @param p95EndToEndHalfWidthMs half-width of a 95% confidence interval for {@code p95EndToEndMs}
 *     (batch means): how far another seed's run of the same length could put it; NaN when the run
 *     is too short to tell
 * @param utilization share of time the server was busy (prompt processing or generating)
 * @param meanBatch mean number of sequences generating together while the server was busy
 * @param stable whether the servers kept up, as observed: the time in system did not keep growing
 *     through the run
 */
public record LatencyResult(
    double p50TimeToFirstTokenMs,
    double p95TimeToFirstTokenMs,
    double p50EndToEndMs,
    double p95EndToEndMs,
    double p95EndToEndHalfWidthMs,
    double meanEndToEndMs,
    double utilization,
    double meanBatch,
    boolean stable,
    int requests) {}
