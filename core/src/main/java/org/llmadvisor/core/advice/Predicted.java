package org.llmadvisor.core.advice;

/**
 * What a candidate is predicted to do under the workload. Latencies are null when they cannot be
 * predicted (no published speed) or are unbounded (arrivals exceed capacity).
 */
public record Predicted(
    Double p50LatencyMs,
    Double p95LatencyMs,
    Double timeToFirstTokenMs,
    Double p95TimeToFirstTokenMs,
    Double generationTokensPerSecond,
    double monthlyCostUsd,
    double costPerMillionTokensUsd,
    Long memoryBytes,
    Boolean fits,
    Integer gpuLayers,
    Integer totalLayers) {}
