package io.adstream.local.harness;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Where one invocation's time went: the time before its first AWS call (decode, validate, mask),
 * then each wave of calls (calls whose times overlap: one round trip on the critical path, however
 * many requests run side by side in it), and the time between waves (deciding, building requests).
 *
 * @param records the batch's records
 * @param startNanos when the invocation started ({@link System#nanoTime()})
 * @param totalNanos the whole invocation
 * @param beforeFirstCallNanos from the start to the first call (the whole invocation if it made
 *     none)
 */
record BatchBudget(
    int records, long startNanos, long totalNanos, long beforeFirstCallNanos, List<Wave> waves) {

  BatchBudget {
    waves = List.copyOf(waves);
  }

  /**
   * Calls that overlap in time, by label ("DynamoDb UpdateItem adstream-claims") and count; {@code
   * depth} is the most calls one thread made in it one after another: the round trips the wave
   * costs. {@code awsNanos} is how long the wave would take with every call at its simulated AWS
   * round trip: its slowest thread's span less the emulator's excess in that thread's calls.
   */
  record Wave(
      long startNanos, long endNanos, Map<String, Integer> calls, int depth, long awsNanos) {
    Wave {
      calls = new TreeMap<>(calls);
    }

    long nanos() {
      return endNanos - startNanos;
    }

    /** The one service of its calls, or "mixed". */
    String service() {
      List<String> services =
          calls.keySet().stream()
              .map(label -> label.substring(0, label.indexOf(' ')))
              .distinct()
              .toList();
      return services.size() == 1 ? services.get(0) : "mixed";
    }

    String describe() {
      return String.format(
          Locale.ROOT,
          "%6.1f ms  %2d deep  %s",
          nanos() / 1e6,
          depth,
          calls.entrySet().stream()
              .map(e -> e.getValue() == 1 ? e.getKey() : e.getKey() + " x" + e.getValue())
              .collect(Collectors.joining(", ")));
    }
  }

  static BatchBudget of(
      int records, long startNanos, long endNanos, List<CallTimeline.Call> calls) {
    List<CallTimeline.Call> sorted = new ArrayList<>(calls);
    sorted.sort(Comparator.comparingLong(CallTimeline.Call::startNanos));
    List<Wave> waves = new ArrayList<>();
    List<CallTimeline.Call> inWave = new ArrayList<>();
    long waveEnd = Long.MIN_VALUE;
    for (CallTimeline.Call call : sorted) {
      if (call.startNanos() > waveEnd && !inWave.isEmpty()) {
        waves.add(wave(inWave));
        inWave = new ArrayList<>();
      }
      waveEnd = inWave.isEmpty() ? call.endNanos() : Math.max(waveEnd, call.endNanos());
      inWave.add(call);
    }
    if (!inWave.isEmpty()) {
      waves.add(wave(inWave));
    }
    long beforeFirst =
        waves.isEmpty()
            ? endNanos - startNanos
            : Math.max(0, waves.get(0).startNanos() - startNanos);
    return new BatchBudget(records, startNanos, endNanos - startNanos, beforeFirst, waves);
  }

  private static Wave wave(List<CallTimeline.Call> calls) {
    long start = calls.get(0).startNanos();
    long end = calls.stream().mapToLong(CallTimeline.Call::endNanos).max().orElse(start);
    Map<String, Integer> byLabel = new TreeMap<>();
    calls.forEach(call -> byLabel.merge(call.label(), 1, Integer::sum));
    Map<Long, List<CallTimeline.Call>> byThread =
        calls.stream().collect(Collectors.groupingBy(CallTimeline.Call::threadId));
    int depth = byThread.values().stream().mapToInt(List::size).max().orElse(0);
    long aws =
        byThread.values().stream()
            .mapToLong(
                chain ->
                    chain.stream().mapToLong(CallTimeline.Call::endNanos).max().orElse(start)
                        - start
                        - chain.stream().mapToLong(CallTimeline.Call::emulatorExcessNanos).sum())
            .max()
            .orElse(0);
    return new Wave(start, end, byLabel, depth, Math.max(0, aws));
  }

  /** Round trips on the critical path: the depth of every wave. */
  int roundTrips() {
    return waves.stream().mapToInt(Wave::depth).sum();
  }

  long waveNanos(String service) {
    return waves.stream().filter(w -> w.service().equals(service)).mapToLong(Wave::nanos).sum();
  }

  long waveCount(String service) {
    return waves.stream().filter(w -> w.service().equals(service)).count();
  }

  /**
   * The invocation with every call at its simulated AWS round trip: the emulator's time beyond it
   * taken out of each wave's critical thread. Equal to {@link #totalNanos} without {@link
   * io.adstream.aws.SimulatedLatency}.
   */
  long awsNanos() {
    return totalNanos - waves.stream().mapToLong(w -> w.nanos() - w.awsNanos()).sum();
  }

  /** Time in no call: before the first and between waves. */
  long outsideCallsNanos() {
    return totalNanos - waves.stream().mapToLong(Wave::nanos).sum();
  }
}
