package io.adstream.local.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent.KinesisEventRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.adstream.aws.AwsClientFactory;
import io.adstream.local.EmulatorTest;
import io.adstream.stream.SourcePosition;
import io.adstream.stream.SourceRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The local event source mapping against the emulator's Kinesis and S3, with scripted handlers. */
@EmulatorTest
class EventSourceMappingTest {

  @Test
  void deliversEveryRecordOnceInShardOrderAsARealKinesisEvent(AwsClientFactory aws)
      throws InterruptedException {
    MappingFixture fixture =
        MappingFixture.provision(
            aws, "\"stream\":{\"shardCount\":2},\"mapping\":{\"batchSize\":7}");
    List<String> lines = fixture.putLines(60, 6);
    ScriptedHandler handler = ScriptedHandler.succeeding();

    MappingStats stats = fixture.drain(fixture.mapping(handler));

    assertThat(handler.linesSeen()).containsExactlyInAnyOrderElementsOf(lines);
    assertThat(handler.invocations())
        .allSatisfy(i -> assertThat(i.records()).hasSizeLessThanOrEqualTo(7));
    assertThat(handler.invocations())
        .extracting(ScriptedHandler.Invocation::shardId)
        .containsOnly("shardId-000000000000", "shardId-000000000001");
    for (int key = 0; key < 6; key++) {
      String keyTag = "\"key\":\"k" + key + "\"";
      assertThat(handler.linesSeen().stream().filter(l -> l.contains(keyTag)).toList())
          .as("put order of key k%d", key)
          .isEqualTo(lines.stream().filter(l -> l.contains(keyTag)).toList());
    }
    ScriptedHandler.Invocation first = handler.invocations().getFirst();
    KinesisEventRecord record = first.records().getFirst();
    assertThat(record.getEventSource()).isEqualTo("aws:kinesis");
    assertThat(record.getEventName()).isEqualTo("aws:kinesis:record");
    assertThat(record.getEventVersion()).isEqualTo("1.0");
    assertThat(record.getEventID())
        .isEqualTo(first.shardId() + ":" + record.getKinesis().getSequenceNumber());
    assertThat(record.getEventSourceARN()).isEqualTo(fixture.plan.streamArn());
    assertThat(record.getAwsRegion()).isEqualTo("us-east-1");
    assertThat(record.getKinesis().getKinesisSchemaVersion()).isEqualTo("1.0");
    assertThat(record.getKinesis().getPartitionKey()).matches("k[0-5]");
    assertThat(record.getKinesis().getApproximateArrivalTimestamp()).isNotNull();
    assertThat(first.context().getFunctionName()).isEqualTo(fixture.plan.mapping().functionName());
    assertThat(first.context().getInvokedFunctionArn()).isEqualTo(fixture.plan.functionArn());
    assertThat(first.context().getRemainingTimeInMillis())
        .isPositive()
        .isLessThanOrEqualTo((int) fixture.plan.mapping().functionTimeout().toMillis());
    assertThat(stats.total().recordsRead()).isEqualTo(60);
    assertThat(stats.total().recordsCompleted()).isEqualTo(60);
    assertThat(stats.total().recordsParked()).isZero();
    assertThat(fixture.parked()).isEmpty();
  }

  @Test
  void fromTheLatestPositionOnlyRecordsPutAfterTheStartAreDelivered(AwsClientFactory aws)
      throws InterruptedException {
    MappingFixture fixture =
        MappingFixture.provision(
            aws, "\"stream\":{\"shardCount\":1},\"mapping\":{\"startingPosition\":\"LATEST\"}");
    fixture.putLines(3, 1);
    ScriptedHandler handler = ScriptedHandler.succeeding();

    try (EventSourceMapping mapping = fixture.mapping(handler).build().start()) {
      List<String> after = fixture.putLines(5, 1);
      mapping.awaitDrained(Duration.ofSeconds(60));

      assertThat(handler.linesSeen())
          .containsExactlyElementsOf(after); // the 3 put before are not read
    }
  }

  @Test
  void aReportedItemFailureResumesExactlyThereWithoutRedeliveringWhatCameBefore(
      AwsClientFactory aws) throws InterruptedException {
    MappingFixture fixture =
        MappingFixture.provision(
            aws, "\"stream\":{\"shardCount\":1},\"mapping\":{\"batchSize\":20}");
    List<String> lines = fixture.putLines(20, 1);
    AtomicBoolean failedOnce = new AtomicBoolean();
    ScriptedHandler handler =
        new ScriptedHandler(
            (records, context) -> {
              for (KinesisEventRecord record : records) {
                if (ScriptedHandler.line(record).equals(lines.get(7))
                    && failedOnce.compareAndSet(false, true)) {
                  return ScriptedHandler.failedAt(record);
                }
              }
              return new StreamsEventResponse();
            });

    MappingStats stats = fixture.drain(fixture.mapping(handler));

    assertThat(handler.invocations())
        .extracting(ScriptedHandler.Invocation::lines)
        .containsExactly(lines, lines.subList(7, 20));
    assertThat(fixture.completedLines()).isEqualTo(lines);
    assertThat(stats.total().retries()).isEqualTo(1);
  }

  @Test
  void aBatchThatFailsWholeIsRetriedAsItIsWhenBisectionIsOff(AwsClientFactory aws)
      throws InterruptedException {
    MappingFixture fixture =
        MappingFixture.provision(
            aws,
            "\"stream\":{\"shardCount\":1},\"mapping\":{\"batchSize\":10,\"bisectBatchOnError\":false,\"maxRetryAttempts\":3}");
    List<String> lines = fixture.putLines(10, 1);
    AtomicInteger calls = new AtomicInteger();
    ScriptedHandler handler =
        new ScriptedHandler(
            (records, context) -> {
              if (calls.incrementAndGet() <= 2) {
                throw new IllegalStateException("downstream unavailable");
              }
              return new StreamsEventResponse();
            });

    MappingStats stats = fixture.drain(fixture.mapping(handler));

    assertThat(handler.invocations())
        .extracting(ScriptedHandler.Invocation::lines)
        .containsExactly(lines, lines, lines);
    assertThat(fixture.completedLines()).isEqualTo(lines);
    assertThat(stats.total().retries()).isEqualTo(2);
    assertThat(fixture.functionLog())
        .contains("ERROR Invoke Error")
        .contains("downstream unavailable");
  }

  @Test
  void bisectionSplitsFailingBatchesUntilTheyGoThrough(AwsClientFactory aws)
      throws InterruptedException {
    MappingFixture fixture =
        MappingFixture.provision(
            aws,
            "\"stream\":{\"shardCount\":1},\"mapping\":{\"batchSize\":16,\"maxRetryAttempts\":0}");
    List<String> lines = fixture.putLines(16, 1);
    // a handler that cannot finish more than 4 records in time
    ScriptedHandler handler =
        new ScriptedHandler(
            (records, context) -> {
              if (records.size() > 4) {
                throw new IllegalStateException("too slow for " + records.size() + " records");
              }
              return new StreamsEventResponse();
            });

    MappingStats stats = fixture.drain(fixture.mapping(handler));

    assertThat(handler.invocations())
        .extracting(i -> i.lines().size())
        .containsExactly(16, 8, 4, 4, 8, 4, 4);
    assertThat(fixture.completedLines()).isEqualTo(lines);
    assertThat(stats.total().bisections()).isEqualTo(3);
    assertThat(stats.total().recordsParked()).isZero();
  }

  @Test
  void anAlwaysFailingRecordIsParkedAfterItsRetriesAndEverythingElseFlowsInOrder(
      AwsClientFactory aws) throws InterruptedException {
    MappingFixture fixture =
        MappingFixture.provision(
            aws,
            "\"stream\":{\"shardCount\":2},\"mapping\":{\"batchSize\":10,\"maxRetryAttempts\":2}");
    List<String> lines = fixture.putLines(40, 4);
    String poison = lines.get(13);
    ScriptedHandler handler =
        new ScriptedHandler(
            (records, context) -> {
              if (ScriptedHandler.contains(records, poison)) {
                throw new IllegalArgumentException("cannot process this record");
              }
              return new StreamsEventResponse();
            });

    MappingStats stats = fixture.drain(fixture.mapping(handler));

    List<MappingFixture.Parked> parked = fixture.parked();
    assertThat(parked).hasSize(1);
    MappingFixture.Parked only = parked.getFirst();
    ParkedBatch batch = only.batch();
    assertThat(only.lines()).containsExactly(poison);
    assertThat(batch.condition()).isEqualTo(DiscardedBatch.Condition.RETRY_ATTEMPTS_EXHAUSTED);
    assertThat(batch.functionError()).contains("Unhandled");
    assertThat(batch.approximateInvokeCount()).isGreaterThanOrEqualTo(3);
    assertThat(batch.functionArn()).isEqualTo(fixture.plan.functionArn());
    assertThat(batch.streamArn()).isEqualTo(fixture.plan.streamArn());
    assertThat(batch.startSequenceNumber())
        .isEqualTo(batch.endSequenceNumber())
        .isEqualTo(batch.records().getFirst().sequenceNumber());
    assertThat(only.key())
        .matches(
            "aws/lambda/[0-9a-f-]{36}/"
                + batch.shardId()
                + "/\\d{4}/\\d{2}/\\d{2}/\\d{4}-\\d{2}-\\d{2}T\\d{2}\\.\\d{2}\\.\\d{2}-[0-9a-f-]{36}");
    // nothing lost, nothing twice
    List<String> accounted = new ArrayList<>(fixture.completedLines());
    accounted.addAll(only.lines());
    assertThat(accounted).containsExactlyInAnyOrderElementsOf(lines);
    // per shard, records complete in sequence order
    Map<String, List<String>> completedByShard =
        fixture.completed.stream()
            .collect(
                Collectors.groupingBy(
                    SourceRecord::shardId,
                    Collectors.mapping(SourceRecord::sequenceNumber, Collectors.toList())));
    completedByShard
        .values()
        .forEach(
            sequences -> assertThat(sequences).isSortedAccordingTo(SourcePosition.SEQUENCE_ORDER));
    assertThat(stats.shard(batch.shardId()).recordsParked()).isEqualTo(1);
    assertThat(stats.total().recordsRead())
        .isEqualTo(stats.total().recordsCompleted() + stats.total().recordsParked());
  }

  @Test
  void aRecordOlderThanTheMaximumAgeIsParkedInsteadOfRetriedFurther(AwsClientFactory aws)
      throws InterruptedException {
    MappingFixture fixture =
        MappingFixture.provision(
            aws,
            "\"stream\":{\"shardCount\":1},\"mapping\":{\"batchSize\":10,\"maxRetryAttempts\":10000,\"maxRecordAge\":\"PT1M\"},"
                + "\"operations\":{\"alarms\":{\"iteratorAge\":\"PT30S\"}}");
    List<String> lines = fixture.putLines(2, 1);
    MovableClock clock = new MovableClock();
    ScriptedHandler handler =
        new ScriptedHandler(
            (records, context) -> {
              if (ScriptedHandler.contains(records, lines.get(1))) {
                clock.advance(Duration.ofSeconds(25)); // each failed attempt ages the record
                throw new IllegalStateException("still failing");
              }
              return new StreamsEventResponse();
            });

    MappingStats stats = fixture.drain(fixture.mapping(handler).clock(clock));

    assertThat(fixture.completedLines()).containsExactly(lines.get(0));
    assertThat(fixture.parked())
        .singleElement()
        .satisfies(
            parked -> {
              assertThat(parked.lines()).containsExactly(lines.get(1));
              assertThat(parked.batch().condition())
                  .isEqualTo(DiscardedBatch.Condition.RECORD_AGE_EXCEEDED);
            });
    assertThat(stats.total().invocations()).isLessThan(10);
  }

  @Test
  void aHandlerThatRunsPastItsTimeoutFailsAndIsRetried(AwsClientFactory aws)
      throws InterruptedException {
    MappingFixture fixture =
        MappingFixture.provision(
            aws,
            "\"stream\":{\"shardCount\":1},\"mapping\":{\"batchSize\":10,\"bisectBatchOnError\":false}");
    List<String> lines = fixture.putLines(5, 1);
    AtomicBoolean stalledOnce = new AtomicBoolean();
    ScriptedHandler handler =
        new ScriptedHandler(
            (records, context) -> {
              if (stalledOnce.compareAndSet(false, true)) {
                Thread.sleep(Duration.ofSeconds(30)); // interrupted when the invocation times out
              }
              return new StreamsEventResponse();
            });

    MappingStats stats =
        fixture.drain(fixture.mapping(handler).functionTimeout(Duration.ofSeconds(1)));

    assertThat(handler.invocations()).hasSize(2);
    assertThat(handler.invocations().getFirst().context().getRemainingTimeInMillis())
        .isLessThanOrEqualTo(1000);
    assertThat(fixture.completedLines()).isEqualTo(lines);
    assertThat(stats.total().retries()).isEqualTo(1);
    assertThat(fixture.functionLog()).contains("Task timed out after 1.0 seconds");
  }

  /** A clock at the real time plus whatever the test advanced it by. */
  private static final class MovableClock extends Clock {
    private volatile Duration offset = Duration.ZERO;

    void advance(Duration by) {
      offset = offset.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(offset);
    }
  }
}
