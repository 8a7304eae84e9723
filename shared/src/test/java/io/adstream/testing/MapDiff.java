package io.adstream.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The entries where two maps differ, one line each: readable failures for large state comparisons.
 */
public final class MapDiff {
  private MapDiff() {}

  public static <K extends Comparable<K>, V> List<String> of(Map<K, V> expected, Map<K, V> actual) {
    List<String> differences = new ArrayList<>();
    TreeSet<K> keys = new TreeSet<>(expected.keySet());
    keys.addAll(actual.keySet());
    for (K key : keys) {
      V want = expected.get(key);
      V got = actual.get(key);
      if (!Objects.equals(want, got)) {
        differences.add(key + ": expected " + want + " but was " + got);
      }
    }
    return differences;
  }
}
