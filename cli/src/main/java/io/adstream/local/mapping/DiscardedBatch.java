package io.adstream.local.mapping;

import io.adstream.stream.SourceRecord;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Records of one shard the mapping gave up on, in sequence order, with why and after how many
 * invocations.
 *
 * @param approximateInvokeCount invocations these records were part of; 0 when they expired unread
 * @param functionError the last invocation ended in an error the function raised (threw or timed
 *     out), rather than a partial-failure report
 */
public record DiscardedBatch(
    String requestId,
    String shardId,
    Condition condition,
    int approximateInvokeCount,
    boolean functionError,
    Instant timestamp,
    List<SourceRecord> records) {

  public DiscardedBatch {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(shardId, "shardId");
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(timestamp, "timestamp");
    records = List.copyOf(records);
    if (records.isEmpty()) {
      throw new IllegalArgumentException("a discarded batch has at least one record");
    }
  }

  public SourceRecord first() {
    return records.getFirst();
  }

  public SourceRecord last() {
    return records.getLast();
  }

  /** Why the batch was discarded, named as Lambda names it in the on-failure record. */
  public enum Condition {
    RETRY_ATTEMPTS_EXHAUSTED("RetryAttemptsExhausted"),
    RECORD_AGE_EXCEEDED("RecordAgeExceeded");

    private final String lambdaName;

    Condition(String lambdaName) {
      this.lambdaName = lambdaName;
    }

    public String lambdaName() {
      return lambdaName;
    }

    public static Condition fromLambdaName(String name) {
      for (Condition condition : values()) {
        if (condition.lambdaName.equals(name)) {
          return condition;
        }
      }
      throw new IllegalArgumentException("unknown on-failure condition: " + name);
    }
  }
}
