package org.llmadvisor.core.advice;

/** The hard constraints a candidate must meet to be recommended. */
public enum Constraint {
  /** The p95 latency (end to end, or to the first token) is within the target. */
  LATENCY,
  /** The monthly cost is within the budget, when one is set. */
  BUDGET,
  /** The benchmark score is at or above the floor, when one is set. */
  QUALITY,
  /** Prompts stay on the premises, when they must. */
  DATA_LOCALITY,
  /** Fits in memory and context, and within the provider's rate limits; never relaxed. */
  CAPACITY
}
