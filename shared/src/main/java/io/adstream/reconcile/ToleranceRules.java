package io.adstream.reconcile;

import java.util.EnumMap;
import java.util.Map;

/** A tolerance per metric; metrics without a rule of their own take the default. */
public record ToleranceRules(Tolerance defaultTolerance, Map<Metric, Tolerance> byMetric) {
  public static final ToleranceRules EXACT = new ToleranceRules(Tolerance.EXACT, Map.of());

  public ToleranceRules {
    byMetric = Map.copyOf(byMetric);
  }

  /** From {@code metric -> tolerance text}; the key {@code *} sets the default. */
  public static ToleranceRules parse(Map<String, String> rules) {
    Tolerance fallback = Tolerance.EXACT;
    Map<Metric, Tolerance> byMetric = new EnumMap<>(Metric.class);
    for (Map.Entry<String, String> rule : rules.entrySet()) {
      Tolerance tolerance = Tolerance.parse(rule.getValue());
      if (rule.getKey().equals("*")) {
        fallback = tolerance;
      } else {
        byMetric.put(Metric.ofKey(rule.getKey()), tolerance);
      }
    }
    return new ToleranceRules(fallback, byMetric);
  }

  public Tolerance of(Metric metric) {
    return byMetric.getOrDefault(metric, defaultTolerance);
  }
}
