package org.llmadvisor.core.advice;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Collects, while one candidate is evaluated, the explanation in the order it is told and the
 * constraints the candidate misses.
 */
final class Assessment {

  private final List<String> reasons = new ArrayList<>();
  private final Set<Constraint> unmet = EnumSet.noneOf(Constraint.class);

  /** A sentence that explains without deciding anything. */
  void note(String reason) {
    reasons.add(reason);
  }

  void notes(List<String> more) {
    reasons.addAll(more);
  }

  void judge(Constraint c, Verdict v) {
    reasons.add(v.reason());
    if (!v.ok()) {
      unmet.add(c);
    }
  }

  boolean meets(Constraint c) {
    return !unmet.contains(c);
  }

  List<String> reasons() {
    return List.copyOf(reasons);
  }

  Set<Constraint> unmet() {
    return EnumSet.copyOf(unmet);
  }
}
