package org.llmadvisor.core.workload;

/**
 * Latency percentiles of a simulated run, in milliseconds. When the arrivals exceed what the server
 * can complete the queue grows without bound: {@code stable} is false and the percentiles describe
 * only the simulated stretch.
 *
 * @param utilization share of time the server was busy (prompt processing or generating)
 * @param meanBatch mean number of sequences generating together while the server was busy
 */
public record LatencyResult(
    double p50TimeToFirstTokenMs,
    double p95TimeToFirstTokenMs,
    double p50EndToEndMs,
    double p95EndToEndMs,
    double meanEndToEndMs,
    double utilization,
    double meanBatch,
    boolean stable,
    int requests) {}
