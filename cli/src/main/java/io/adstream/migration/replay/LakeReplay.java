package io.adstream.migration.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adstream.config.ResourceNames;
import io.adstream.local.harness.KinesisLoader;
import io.adstream.local.harness.PartitionKeyFunction;
import io.adstream.local.harness.PutLog;
import io.adstream.migration.LakeObjects;
import io.adstream.migration.LakeObjects.LakeObject;
import io.adstream.reconcile.TimeRange;
import io.adstream.replay.ReplayEnvelope;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts the lake's enriched events of a time range into the stream again, as replay envelopes (they
 * carry the original fingerprint, so dedup recognises what was already applied and the aggregates
 * do not change), at most {@code recordsPerSecond}, checkpointing after every PutRecords call.
 */
public final class LakeReplay {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern EVENT_DATE = Pattern.compile("(?:^|/)dt=(\\d{4}-\\d{2}-\\d{2})/");
  static final int CHUNK = 500;

  private final LakeObjects lake;
  private final ReplayEnvelope envelopes;
  private final KinesisLoader loader;
  private final int recordsPerSecond;
  private final AtomicLong put = new AtomicLong();
  private final AtomicLong total = new AtomicLong();

  /**
   * @param envelopes authenticates each envelope under the pipeline's PII key, which the processor
   *     checks
   * @param loader puts into the stream (its partition key function is given the envelope)
   */
  public LakeReplay(
      LakeObjects lake, ReplayEnvelope envelopes, KinesisLoader loader, int recordsPerSecond) {
    if (recordsPerSecond < 1) {
      throw new IllegalArgumentException(
          "the rate must be at least 1 record/s, was " + recordsPerSecond);
    }
    this.lake = lake;
    this.envelopes = envelopes;
    this.loader = loader;
    this.recordsPerSecond = recordsPerSecond;
  }

  /**
   * The partition key of a replay envelope: the event's user token, else its campaign; as producers
   * key them.
   */
  public static PartitionKeyFunction partitionKeys() {
    PartitionKeyFunction fields = PartitionKeyFunction.jsonFields("user_id", "campaign_id");
    return envelope -> {
      try {
        return fields.partitionKey(JSON.writeValueAsBytes(JSON.readTree(envelope).path("event")));
      } catch (IOException e) {
        throw new IllegalStateException("a replay envelope is JSON", e);
      }
    };
  }

  /** Records put so far, and to put in all (known once the objects are read). */
  public long put() {
    return put.get();
  }

  public long total() {
    return total.get();
  }

  /** The result of one run. */
  public record Result(long objects, long recordsPut, long recordsSkippedByCheckpoint) {}

  public Result replay(TimeRange range, ReplayCheckpoint checkpoint)
      throws IOException, InterruptedException {
    List<String> keys = lake.keys(ResourceNames.ENRICHED_PREFIX, key -> mayHold(key, range));
    long skipped = 0;
    long started = System.nanoTime();
    long putThisRun = 0;
    for (String key : keys) {
      LakeObject object = lake.read(key);
      List<byte[]> lines = object.lines();
      int done = checkpoint.linesDone(key);
      List<byte[]> chunk = new ArrayList<>(CHUNK);
      for (int i = 0; i < lines.size(); i++) {
        boolean inRange = inRange(object.name(), i + 1, lines.get(i), range);
        total.addAndGet(inRange ? 1 : 0);
        if (i < done) {
          skipped += inRange ? 1 : 0;
          put.addAndGet(inRange ? 1 : 0);
          continue;
        }
        if (inRange) {
          try {
            chunk.add(envelopes.fromEnrichedLine(lines.get(i)));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                object.name() + ":" + (i + 1) + ": " + e.getMessage());
          }
        }
        if (chunk.size() == CHUNK || i == lines.size() - 1) {
          loader.load(chunk.iterator());
          put.addAndGet(chunk.size());
          putThisRun += chunk.size();
          checkpoint.advance(key, i + 1, chunk.size());
          chunk.clear();
          throttle(started, putThisRun);
        }
      }
    }
    return new Result(keys.size(), putThisRun, skipped);
  }

  /** Sleeps until the records put so far are within the rate. */
  private void throttle(long startedNanos, long records) throws InterruptedException {
    long due = startedNanos + records * 1_000_000_000L / recordsPerSecond;
    long wait = due - System.nanoTime();
    if (wait > 0) {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
  }

  private static boolean mayHold(String key, TimeRange range) {
    Matcher date = EVENT_DATE.matcher(key);
    if (!date.find()) {
      return true;
    }
    Instant day =
        java.time.LocalDate.parse(date.group(1)).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    return range.overlaps(day, day.plus(java.time.Duration.ofDays(1)));
  }

  private static boolean inRange(String object, int line, byte[] bytes, TimeRange range) {
    try {
      JsonNode node = JSON.readTree(bytes);
      JsonNode time = node == null ? null : node.get("event_time");
      if (time == null) {
        throw new IllegalArgumentException(
            object + ":" + line + ": field event_time is missing: not an enriched line");
      }
      Instant at =
          time.isNumber()
              ? Instant.ofEpochMilli(time.asLong())
              : OffsetDateTime.parse(time.asText()).toInstant();
      return range.contains(at);
    } catch (IOException | java.time.DateTimeException e) {
      throw new IllegalArgumentException(
          object + ":" + line + ": unreadable enriched line: " + e.getMessage());
    }
  }

  /** A loader for the stream, with retries of rejected entries. */
  public static KinesisLoader loader(
      software.amazon.awssdk.services.kinesis.KinesisClient kinesis, String stream) {
    return new KinesisLoader(kinesis, stream, partitionKeys(), new PutLog(), 10);
  }
}
