package org.llmadvisor.app.ledger;

/**
 * Percentiles of a deployment's successful calls in a month: what "measured" means wherever it is
 * shown. Nearest rank; latencies under 256 ms are exact, longer ones within 0.4% (see {@link
 * Histogram}).
 */
public record Measurements(
    long requests,
    Double p50TimeToFirstTokenMs,
    Double p95TimeToFirstTokenMs,
    Double p50LatencyMs,
    Double p95LatencyMs,
    Double generationTokensPerSecond) {}
