package io.adstream.generator;

import java.util.Arrays;
import java.util.List;

/**
 * Draws items with probability proportional to their weights (cumulative weights, binary search).
 */
final class WeightedChoice<T> {
  private final List<T> items;
  private final double[] cumulative;

  WeightedChoice(List<T> items, double[] weights) {
    if (items.isEmpty() || items.size() != weights.length) {
      throw new IllegalArgumentException("need one weight per item, and at least one item");
    }
    this.items = List.copyOf(items);
    this.cumulative = new double[weights.length];
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i];
      cumulative[i] = sum;
    }
  }

  /** Zipf popularity: the item at rank k (1-based) has weight 1/k^s. */
  static <T> WeightedChoice<T> zipf(List<T> itemsByRank, double s) {
    double[] weights = new double[itemsByRank.size()];
    for (int k = 0; k < weights.length; k++) {
      weights[k] = 1.0 / Math.pow(k + 1, s);
    }
    return new WeightedChoice<>(itemsByRank, weights);
  }

  /** The probability of drawing {@code item}. */
  double share(T item) {
    int index = items.indexOf(item);
    if (index < 0) {
      throw new IllegalArgumentException("not a choice: " + item);
    }
    double weight = cumulative[index] - (index == 0 ? 0 : cumulative[index - 1]);
    return weight / cumulative[cumulative.length - 1];
  }

  T draw(Rng rng) {
    double target = rng.uniform() * cumulative[cumulative.length - 1];
    int index = Arrays.binarySearch(cumulative, target);
    // binarySearch gives -(insertion point) - 1 when absent: the first cumulative weight above the
    // target
    return items.get(Math.min(index >= 0 ? index + 1 : -index - 1, cumulative.length - 1));
  }
}
