package org.llmadvisor.service;

/**
 * Percentiles of a deployment's successful calls in a month: what "measured" means wherever it is
 * shown, and the JSON of {@code measured} in both {@code /api/usage} and {@code /api/advice}.
 * Nearest rank; latencies under 256 ms are exact, longer ones within 0.4% (see {@link Histogram}).
 *
 * @param requests the successful calls the percentiles are over
 */
public record Measurements(
    String deploymentId,
    long requests,
    Double p50TimeToFirstTokenMs,
    Double p95TimeToFirstTokenMs,
    Double p50LatencyMs,
    Double p95LatencyMs,
    Double generationTokensPerSecond) {}
