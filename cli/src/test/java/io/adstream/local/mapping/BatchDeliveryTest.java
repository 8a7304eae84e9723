package io.adstream.local.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.adstream.config.MappingSettings;
import io.adstream.local.mapping.DiscardedBatch.Condition;
import io.adstream.local.mapping.InvocationOutcome.FailureKind;
import io.adstream.stream.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The failure handling of the mapping, against a scripted function and no emulator. */
class BatchDeliveryTest {

  private static final Instant PUT_AT = Instant.parse("2026-01-01T00:00:00Z");

  private final List<List<String>> invocations = new ArrayList<>();
  private final List<DiscardedBatch> parked = new ArrayList<>();
  private final ShardCounters counters = new ShardCounters("shardId-000000000000");

  @Test
  void aReportedItemFailureResumesExactlyAtThatRecord() throws InterruptedException {
    boolean[] failedOnce = {false};
    BatchDelivery delivery =
        delivery(
            settings(2, true),
            batch -> {
              int k = batch.indexOf("4");
              if (k >= 0 && !failedOnce[0]) {
                failedOnce[0] = true;
                return new InvocationOutcome.PartiallyFailed(k);
              }
              return new InvocationOutcome.Succeeded();
            });

    delivery.submit(records(0, 10));
    delivery.deliverPending();

    assertThat(invocations).containsExactly(sequences(0, 10), sequences(4, 10));
    assertThat(parked).isEmpty();
    assertThat(counters.snapshot())
        .satisfies(
            s -> {
              assertThat(s.recordsCompleted()).isEqualTo(10);
              assertThat(s.retries()).isEqualTo(1);
              assertThat(s.bisections()).isZero();
              assertThat(s.checkpoint()).contains("9");
            });
  }

  @Test
  void aWholeBatchFailureIsRetriedAsItIsWithoutBisection() throws InterruptedException {
    int[] calls = {0};
    BatchDelivery delivery =
        delivery(
            settings(3, false),
            batch ->
                ++calls[0] <= 2
                    ? failed(FailureKind.FUNCTION_ERROR)
                    : new InvocationOutcome.Succeeded());

    delivery.submit(records(0, 4));
    delivery.deliverPending();

    assertThat(invocations).containsExactly(sequences(0, 4), sequences(0, 4), sequences(0, 4));
    assertThat(counters.snapshot().retries()).isEqualTo(2);
    assertThat(counters.snapshot().recordsCompleted()).isEqualTo(4);
  }

  @Test
  void bisectionIsolatesAPoisonRecordWhichIsParkedAfterItsRetries() throws InterruptedException {
    BatchDelivery delivery =
        delivery(
            settings(2, true),
            batch ->
                batch.contains("5")
                    ? failed(FailureKind.FUNCTION_ERROR)
                    : new InvocationOutcome.Succeeded());

    delivery.submit(records(0, 8));
    delivery.deliverPending();

    assertThat(invocations)
        .containsExactly(
            sequences(0, 8), // fails: split
            sequences(0, 4),
            sequences(4, 8), // fails: split
            sequences(4, 6), // fails: split
            List.of("4"),
            List.of("5"), // fails, then two retries
            List.of("5"),
            List.of("5"),
            sequences(6, 8));
    assertThat(parked)
        .singleElement()
        .satisfies(
            batch -> {
              assertThat(batch.condition()).isEqualTo(Condition.RETRY_ATTEMPTS_EXHAUSTED);
              assertThat(batch.records())
                  .extracting(SourceRecord::sequenceNumber)
                  .containsExactly("5");
              assertThat(batch.approximateInvokeCount()).isEqualTo(6);
              assertThat(batch.functionError()).isTrue();
            });
    assertThat(counters.snapshot())
        .satisfies(
            s -> {
              assertThat(s.recordsCompleted()).isEqualTo(7);
              assertThat(s.recordsParked()).isEqualTo(1);
              assertThat(s.bisections()).isEqualTo(3);
              assertThat(s.retries()).isEqualTo(2);
              assertThat(s.checkpoint()).contains("7");
            });
  }

  @Test
  void itemFailuresAreNotBisectedButRetriedFromTheReportedRecord() throws InterruptedException {
    BatchDelivery delivery =
        delivery(
            settings(1, true),
            batch ->
                batch.contains("2")
                    ? new InvocationOutcome.PartiallyFailed(batch.indexOf("2"))
                    : new InvocationOutcome.Succeeded());

    delivery.submit(records(0, 5));
    delivery.deliverPending();

    assertThat(invocations).containsExactly(sequences(0, 5), sequences(2, 5)); // one retry allowed
    assertThat(parked)
        .singleElement()
        .satisfies(
            batch -> {
              assertThat(batch.records())
                  .extracting(SourceRecord::sequenceNumber)
                  .containsExactlyElementsOf(sequences(2, 5));
              assertThat(batch.functionError()).isFalse();
              assertThat(batch.approximateInvokeCount()).isEqualTo(2);
            });
    assertThat(counters.snapshot().recordsCompleted()).isEqualTo(2);
  }

  @Test
  void recordsOlderThanTheMaximumAgeAreParkedWithoutBeingInvoked() throws InterruptedException {
    MappingSettings settings =
        new MappingSettings(
            100,
            Duration.ZERO,
            true,
            5,
            Optional.of(Duration.ofMinutes(1)),
            1,
            "TRIM_HORIZON",
            true);
    List<SourceRecord> records = new ArrayList<>(records(0, 3, PUT_AT));
    records.addAll(records(3, 5, PUT_AT.plusSeconds(90)));
    BatchDelivery delivery =
        new BatchDelivery(
            "shardId-000000000000",
            scripted(batch -> new InvocationOutcome.Succeeded()),
            parked::add,
            settings,
            Clock.fixed(PUT_AT.plusSeconds(120), ZoneOffset.UTC),
            counters,
            completed -> {});

    delivery.submit(records);
    delivery.deliverPending();

    assertThat(invocations).containsExactly(sequences(3, 5));
    assertThat(parked)
        .singleElement()
        .satisfies(
            batch -> {
              assertThat(batch.condition()).isEqualTo(Condition.RECORD_AGE_EXCEEDED);
              assertThat(batch.approximateInvokeCount()).isZero();
              assertThat(batch.records())
                  .extracting(SourceRecord::sequenceNumber)
                  .containsExactlyElementsOf(sequences(0, 3));
            });
  }

  @Test
  void aBatchThatCouldNotBeParkedStaysPendingAndIsParkedLaterWithoutAnotherInvocation()
      throws InterruptedException {
    boolean[] destinationDown = {true};
    BatchDelivery delivery =
        new BatchDelivery(
            "shardId-000000000000",
            scripted(batch -> failed(FailureKind.TIMEOUT)),
            batch -> {
              if (destinationDown[0]) {
                throw new IllegalStateException("S3 unavailable");
              }
              parked.add(batch);
            },
            settings(0, false),
            Clock.systemUTC(),
            counters,
            completed -> {});
    delivery.submit(records(0, 2));

    assertThatThrownBy(delivery::deliverPending).hasMessage("S3 unavailable");
    assertThat(delivery.hasPending()).isTrue();
    destinationDown[0] = false;
    delivery.deliverPending();

    assertThat(invocations).hasSize(1);
    assertThat(parked).singleElement().satisfies(batch -> assertThat(batch.records()).hasSize(2));
    assertThat(delivery.hasPending()).isFalse();
  }

  private BatchDelivery delivery(
      MappingSettings settings, Function<List<String>, InvocationOutcome> script) {
    return new BatchDelivery(
        "shardId-000000000000",
        scripted(script),
        parked::add,
        settings,
        Clock.systemUTC(),
        counters,
        completed -> {});
  }

  private FunctionInvoker scripted(Function<List<String>, InvocationOutcome> script) {
    return batch -> {
      List<String> sequences = batch.stream().map(SourceRecord::sequenceNumber).toList();
      invocations.add(sequences);
      return script.apply(sequences);
    };
  }

  private static InvocationOutcome failed(FailureKind kind) {
    return new InvocationOutcome.Failed(kind, "scripted");
  }

  private static MappingSettings settings(int maxRetryAttempts, boolean bisect) {
    return new MappingSettings(
        100, Duration.ZERO, bisect, maxRetryAttempts, Optional.empty(), 1, "TRIM_HORIZON", true);
  }

  private static List<SourceRecord> records(int from, int to) {
    return records(from, to, Instant.now());
  }

  private static List<SourceRecord> records(int from, int to, Instant arrival) {
    return IntStream.range(from, to)
        .mapToObj(
            i ->
                new SourceRecord(
                    "events",
                    "shardId-000000000000",
                    Integer.toString(i),
                    "pk",
                    arrival,
                    ("r" + i).getBytes(StandardCharsets.UTF_8)))
        .toList();
  }

  private static List<String> sequences(int from, int to) {
    return IntStream.range(from, to).mapToObj(Integer::toString).toList();
  }
}
