package org.llmadvisor.core.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * An exact parameter count, split into weights and biases and by component.
 *
 * @param total every parameter stored in the model
 * @param weights matrices, embeddings and norm scales
 * @param biases bias vectors (including LayerNorm shifts)
 * @param byComponent weights and biases per component; always has every component
 * @param activePerToken parameters one token passes through: equals total for dense models; for
 *     mixture-of-experts only the routed experts' share of the expert tensors counts
 */
public record ParameterCount(
    long total,
    long weights,
    long biases,
    Map<Component, ComponentCount> byComponent,
    long activePerToken) {

  public ParameterCount {
    byComponent = Collections.unmodifiableMap(new EnumMap<>(byComponent));
  }

  /** Weights and biases of one component. */
  public record ComponentCount(long weights, long biases) {
    public long total() {
      return weights + biases;
    }
  }

  public static ParameterCount of(Architecture a) {
    return of(TensorLayout.of(a), a.experts(), a.expertsPerToken());
  }

  /**
   * Counts a tensor list; expert tensors contribute expertsPerToken / experts to the active count.
   */
  public static ParameterCount of(List<TensorShape> tensors, int experts, int expertsPerToken) {
    Map<Component, long[]> acc = new EnumMap<>(Component.class);
    for (Component c : Component.values()) {
      acc.put(c, new long[2]);
    }
    long total = 0;
    long biases = 0;
    long active = 0;
    for (TensorShape t : tensors) {
      long n = t.elements();
      total += n;
      acc.get(t.component())[t.bias() ? 1 : 0] += n;
      if (t.bias()) {
        biases += n;
      }
      active += t.expert() ? n / experts * expertsPerToken : n;
    }
    Map<Component, ComponentCount> by = new EnumMap<>(Component.class);
    acc.forEach((c, v) -> by.put(c, new ComponentCount(v[0], v[1])));
    return new ParameterCount(total, total - biases, biases, by, active);
  }

  public ComponentCount component(Component c) {
    return byComponent.get(c);
  }
}
