package org.llmadvisor.machine;

import java.time.Duration;

/**
 * How long and over how much memory to measure.
 *
 * @param duration each of the two measurements runs about this long (the barrier run a fifth)
 * @param workingSet bytes read: split among the bandwidth threads, and into the layers of the token
 *     read. Well above the last-level cache so that RAM is measured, and small beside RAM.
 * @param layers layers of the token read: 32, a 7-8B model's (Llama 2 7B, Llama 3 8B), so the
 *     barrier count per token is a real model's while the bytes stay bounded
 */
public record MeasureSettings(Duration duration, long workingSet, int layers) {

  /** About a second each over 512 MiB: 16 MiB per layer. */
  public static final MeasureSettings DEFAULT =
      new MeasureSettings(Duration.ofSeconds(1), 512L * 1024 * 1024, 32);

  public MeasureSettings {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be > 0, was " + duration);
    }
    if (workingSet < 1024 * 1024) {
      throw new IllegalArgumentException("workingSet must be >= 1 MiB, was " + workingSet);
    }
    if (layers < 1) {
      throw new IllegalArgumentException("layers must be >= 1, was " + layers);
    }
  }
}
