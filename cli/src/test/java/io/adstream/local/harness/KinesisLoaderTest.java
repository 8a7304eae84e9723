package io.adstream.local.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.adstream.local.harness.KinesisLoader.Entry;
import io.adstream.local.harness.KinesisLoader.PutOutcome;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Batching and partial-failure retries of the loader, against a scripted PutRecords. */
class KinesisLoaderTest {

  private final List<List<String>> calls = new ArrayList<>();
  private final PutLog putLog = new PutLog();

  @Test
  void putsAtMost500RecordsPerCall() throws InterruptedException {
    KinesisLoader loader =
        new KinesisLoader(storingAll(), PartitionKeyFunction.constant("k"), putLog, 3);

    KinesisLoader.LoadResult result = loader.load(utf8(lines(1_234, 10)).iterator());

    assertThat(calls).extracting(List::size).containsExactly(500, 500, 234);
    assertThat(result.records()).isEqualTo(1_234);
    assertThat(result.calls()).isEqualTo(3);
    assertThat(putLog.size()).isEqualTo(1_234);
  }

  @Test
  void keepsEachCallUnderFiveMebibytes() throws InterruptedException {
    KinesisLoader loader =
        new KinesisLoader(storingAll(), PartitionKeyFunction.constant("k"), putLog, 3);

    loader.load(utf8(lines(300, 20_000)).iterator());

    assertThat(calls).hasSize(2);
    assertThat(calls)
        .allSatisfy(
            call ->
                assertThat(call.stream().mapToLong(l -> l.length() + 1).sum())
                    .isLessThanOrEqualTo(KinesisLoader.MAX_BYTES_PER_CALL));
  }

  @Test
  void putsAgainOnlyTheEntriesACallRejected() throws InterruptedException {
    KinesisLoader loader =
        new KinesisLoader(
            entries -> {
              record(entries);
              boolean firstAttempt = calls.size() == 1;
              return IntStream.range(0, entries.size())
                  .<PutOutcome>mapToObj(
                      i ->
                          firstAttempt && i % 3 == 0
                              ? new PutOutcome.Rejected(
                                  "ProvisionedThroughputExceededException",
                                  "Rate exceeded for shard")
                              : new PutOutcome.Stored("shardId-000000000000", text(entries.get(i))))
                  .toList();
            },
            PartitionKeyFunction.constant("k"),
            putLog,
            3);
    List<String> lines = lines(10, 5);

    KinesisLoader.LoadResult result = loader.load(utf8(lines).iterator());

    assertThat(calls.get(0)).isEqualTo(lines);
    assertThat(calls.get(1))
        .containsExactly(lines.get(0), lines.get(3), lines.get(6), lines.get(9));
    assertThat(result.retriedEntries()).isEqualTo(4);
    assertThat(putLog.size()).isEqualTo(10);
  }

  @Test
  void failsWhenEntriesAreStillRejectedAfterTheLastAttempt() {
    KinesisLoader loader =
        new KinesisLoader(
            entries -> {
              record(entries);
              return entries.stream()
                  .<PutOutcome>map(e -> new PutOutcome.Rejected("InternalFailure", "try later"))
                  .toList();
            },
            PartitionKeyFunction.constant("k"),
            putLog,
            2);

    assertThatThrownBy(() -> loader.load(utf8(lines(3, 5)).iterator()))
        .hasMessageContaining("3 records were still rejected after 2 PutRecords attempts")
        .hasMessageContaining("InternalFailure");
    assertThat(calls).hasSize(2);
  }

  @Test
  void partitionKeysComeFromTheFirstFieldALineHas() {
    PartitionKeyFunction keys = PartitionKeyFunction.jsonFields("user_id", "campaign_id");

    assertThat(
            keys.partitionKey(
                "{\"user_id\":\"u-1\",\"campaign_id\":\"c-9\"}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("u-1");
    assertThat(keys.partitionKey("{\"campaign_id\":\"c-9\"}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("c-9");
    assertThat(keys.partitionKey("{\"other\":1}".getBytes(StandardCharsets.UTF_8))).isNotBlank();
  }

  @Test
  void putsEachLineByteForByteEvenWhenItIsNotUtf8() throws InterruptedException {
    byte[] notUtf8 = {'{', (byte) 0xC3, (byte) 0x28, '}'};
    List<byte[]> stored = new ArrayList<>();
    KinesisLoader loader =
        new KinesisLoader(
            entries -> {
              entries.forEach(e -> stored.add(e.data()));
              return entries.stream()
                  .<PutOutcome>map(e -> new PutOutcome.Stored("shardId-000000000000", "1"))
                  .toList();
            },
            PartitionKeyFunction.constant("k"),
            putLog,
            3);

    loader.load(List.of(notUtf8).iterator());

    assertThat(stored).singleElement().isEqualTo(notUtf8);
  }

  @Test
  void producersKeyUserEventsByATokenNeverTheRawUserId() {
    String key =
        PartitionKeyFunction.producers()
            .partitionKey(
                "{\"event_type\":\"click\",\"user_id\":\"alice@example.com\"}"
                    .getBytes(StandardCharsets.UTF_8));

    assertThat(key).doesNotContain("alice").matches("[0-9a-f]{16}");
  }

  private static List<byte[]> utf8(List<String> lines) {
    return lines.stream().map(l -> l.getBytes(StandardCharsets.UTF_8)).toList();
  }

  private KinesisLoader.PutRecordsCall storingAll() {
    return entries -> {
      record(entries);
      return entries.stream()
          .<PutOutcome>map(e -> new PutOutcome.Stored("shardId-000000000000", text(e)))
          .toList();
    };
  }

  private void record(List<Entry> entries) {
    calls.add(entries.stream().map(KinesisLoaderTest::text).toList());
  }

  private static String text(Entry entry) {
    return new String(entry.data(), StandardCharsets.UTF_8);
  }

  private static List<String> lines(int count, int length) {
    return IntStream.range(0, count).mapToObj(i -> String.format("%0" + length + "d", i)).toList();
  }
}
