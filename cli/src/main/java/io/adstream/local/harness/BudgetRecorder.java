package io.adstream.local.harness;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.adstream.aws.AwsClientFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The latency budget of every invocation of a run ({@link BatchBudget}): each function instance
 * gets clients of its own that log their calls, and each invocation is timed around the handler.
 * Thread-safe.
 */
public final class BudgetRecorder {

  private static final List<String> SERVICES = List.of("DynamoDb", "Firehose", "Sns", "mixed");

  private final List<BatchBudget> batches = new ArrayList<>();

  /** A handler made with clients whose calls are logged, timed per invocation. */
  RequestHandler<KinesisEvent, StreamsEventResponse> instrument(
      AwsClientFactory clients,
      Function<AwsClientFactory, ? extends RequestHandler<KinesisEvent, StreamsEventResponse>>
          handler) {
    CallTimeline timeline = new CallTimeline();
    RequestHandler<KinesisEvent, StreamsEventResponse> function =
        handler.apply(clients.withInterceptor(timeline));
    return (KinesisEvent event, Context context) -> {
      timeline.drain(); // calls made outside an invocation (cold start) are no batch's
      long start = System.nanoTime();
      if (start - since >= 0 && cpuFrom == NOT_YET) {
        synchronized (batches) {
          if (cpuFrom == NOT_YET) {
            cpuFrom = HandlerCpu.nanos();
          }
        }
      }
      try {
        return function.handleRequest(event, context);
      } finally {
        BatchBudget budget =
            BatchBudget.of(event.getRecords().size(), start, System.nanoTime(), timeline.drain());
        synchronized (batches) {
          batches.add(budget);
        }
      }
    };
  }

  private static final long NOT_YET = -1;

  private volatile long since = Long.MIN_VALUE;

  /** The processor's CPU time when the first measured invocation started. */
  private volatile long cpuFrom = NOT_YET;

  /** Leaves out the invocations that started before {@code nanoTime} (a warm-up). */
  void measureFrom(long nanoTime) {
    since = nanoTime;
    cpuFrom = NOT_YET;
  }

  List<BatchBudget> batches() {
    synchronized (batches) {
      return batches.stream().filter(b -> b.startNanos() - since >= 0).toList();
    }
  }

  /** One line: medians over the invocations. */
  String summary() {
    List<BatchBudget> all = batches();
    if (all.isEmpty()) {
      return "no invocations";
    }
    StringBuilder text =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "median of %,d invocations (%,.0f records): %s ms = %s ms before the first call + %s waves, %s round trips deep",
                all.size(),
                median(all, b -> b.records()) * 1.0,
                ms(median(all, BatchBudget::totalNanos)),
                ms(median(all, BatchBudget::beforeFirstCallNanos)),
                median(all, b -> b.waves().size()),
                median(all, BatchBudget::roundTrips)));
    for (String service : SERVICES) {
      long count = median(all, b -> b.waveCount(service));
      long nanos = median(all, b -> b.waveNanos(service));
      if (count > 0 || nanos > 0) {
        text.append(String.format(Locale.ROOT, " (%s %d in %s ms)", service, count, ms(nanos)));
      }
    }
    text.append(
        String.format(
            Locale.ROOT,
            " + %s ms between waves",
            ms(
                Math.max(
                    0,
                    median(all, BatchBudget::outsideCallsNanos)
                        - median(all, BatchBudget::beforeFirstCallNanos)))));
    return text.toString();
  }

  /**
   * What the invocations bill: their mean records and time, and with simulated latency the same at
   * AWS's call times (the emulator's time beyond each call's simulated round trip taken out), per
   * invocation and per record, then the CPU time the processor's threads used. What the cost
   * model's handler time comes from.
   */
  String handlerTime(boolean simulatedLatency) {
    List<BatchBudget> all = batches();
    if (all.isEmpty()) {
      return "no invocations";
    }
    int invocations = all.size();
    double records = all.stream().mapToLong(BatchBudget::records).sum();
    double measured = all.stream().mapToLong(BatchBudget::totalNanos).sum() / 1e6;
    StringBuilder text =
        new StringBuilder(
            String.format(Locale.ROOT, "mean invocation %.1f records, ", records / invocations));
    text.append(perInvocationAndRecord(measured, invocations, records));
    if (simulatedLatency) {
      double aws = all.stream().mapToLong(BatchBudget::awsNanos).sum() / 1e6;
      text.append("; at AWS's call times ")
          .append(perInvocationAndRecord(aws, invocations, records))
          .append(": the emulator's excess over the simulated round trips taken out");
    }
    if (HandlerCpu.supported() && cpuFrom != NOT_YET) {
      double cpu = (HandlerCpu.nanos() - cpuFrom) / 1e6;
      text.append("; CPU ")
          .append(perInvocationAndRecord(cpu, invocations, records))
          .append(" on function, writer and branch threads");
    }
    return text.toString();
  }

  private static String perInvocationAndRecord(double millis, int invocations, double records) {
    return String.format(
        Locale.ROOT, "%.1f ms (%.2f ms a record)", millis / invocations, millis / records);
  }

  /** The waves of the invocation of median length among the largest ones: a typical full batch. */
  List<String> typicalBatch() {
    List<BatchBudget> all = new ArrayList<>(batches());
    if (all.isEmpty()) {
      return List.of();
    }
    int most = all.stream().mapToInt(BatchBudget::records).max().orElse(0);
    List<BatchBudget> largest =
        all.stream()
            .filter(b -> b.records() >= most / 2)
            .sorted(Comparator.comparingLong(BatchBudget::totalNanos))
            .toList();
    BatchBudget typical = largest.get(largest.size() / 2);
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            Locale.ROOT,
            "%,d records, %s ms, %d waves, %d round trips deep; %s ms before the first call",
            typical.records(),
            ms(typical.totalNanos()),
            typical.waves().size(),
            typical.roundTrips(),
            ms(typical.beforeFirstCallNanos())));
    typical.waves().forEach(wave -> lines.add(wave.describe()));
    return lines;
  }

  private static long median(List<BatchBudget> batches, ToLongFunction<BatchBudget> value) {
    long[] values = batches.stream().mapToLong(value).sorted().toArray();
    return values[values.length / 2];
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
  }
}
