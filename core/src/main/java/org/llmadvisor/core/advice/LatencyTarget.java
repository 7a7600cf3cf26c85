package org.llmadvisor.core.advice;

/** Which latency the p95 target bounds. */
public enum LatencyTarget {
  END_TO_END,
  FIRST_TOKEN
}
