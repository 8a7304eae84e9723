package io.adstream.local.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adstream.stream.SourceRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParkedBatchTest {

  private static final String STREAM_ARN =
      "arn:aws:kinesis:us-east-1:000000000000:stream/adstream-events";
  private static final String FUNCTION_ARN =
      "arn:aws:lambda:us-east-1:000000000000:function:adstream-processor";
  private final KinesisEvents events =
      new KinesisEvents(STREAM_ARN, "us-east-1", "arn:aws:iam::000000000000:role/r");
  private final List<SourceRecord> records =
      List.of(
          new SourceRecord(
              "adstream-events",
              "shardId-000000000001",
              "4960",
              "u-1",
              Instant.parse("2026-03-01T10:00:00Z"),
              bytes("{\"a\":1}")),
          new SourceRecord(
              "adstream-events",
              "shardId-000000000001",
              "4961",
              "u-2",
              Instant.parse("2026-03-01T10:00:00.250Z"),
              bytes("{\"b\":2}")));

  @Test
  void writesLambdasInvocationRecordWithTheRecordsAsPayload() throws IOException {
    DiscardedBatch batch =
        new DiscardedBatch(
            "req-1",
            "shardId-000000000001",
            DiscardedBatch.Condition.RETRY_ATTEMPTS_EXHAUSTED,
            6,
            true,
            Instant.parse("2026-03-01T10:05:00Z"),
            records);

    JsonNode json = new ObjectMapper().readTree(ParkedBatch.write(batch, FUNCTION_ARN, events));

    assertThat(json.at("/requestContext/condition").asText()).isEqualTo("RetryAttemptsExhausted");
    assertThat(json.at("/requestContext/approximateInvokeCount").asInt()).isEqualTo(6);
    assertThat(json.at("/requestContext/functionArn").asText()).isEqualTo(FUNCTION_ARN);
    assertThat(json.at("/responseContext/functionError").asText()).isEqualTo("Unhandled");
    assertThat(json.at("/version").asText()).isEqualTo("1.0");
    assertThat(json.at("/timestamp").asText()).isEqualTo("2026-03-01T10:05:00.000Z");
    assertThat(json.at("/KinesisBatchInfo/shardId").asText()).isEqualTo("shardId-000000000001");
    assertThat(json.at("/KinesisBatchInfo/startSequenceNumber").asText()).isEqualTo("4960");
    assertThat(json.at("/KinesisBatchInfo/endSequenceNumber").asText()).isEqualTo("4961");
    assertThat(json.at("/KinesisBatchInfo/approximateArrivalOfFirstRecord").asText())
        .isEqualTo("2026-03-01T10:00:00.000Z");
    assertThat(json.at("/KinesisBatchInfo/approximateArrivalOfLastRecord").asText())
        .isEqualTo("2026-03-01T10:00:00.250Z");
    assertThat(json.at("/KinesisBatchInfo/batchSize").asInt()).isEqualTo(2);
    assertThat(json.at("/KinesisBatchInfo/streamArn").asText()).isEqualTo(STREAM_ARN);
    JsonNode first = json.at("/payload/Records/0");
    assertThat(first.at("/eventID").asText()).isEqualTo("shardId-000000000001:4960");
    assertThat(first.at("/eventSource").asText()).isEqualTo("aws:kinesis");
    assertThat(first.at("/kinesis/data").asText()).isEqualTo("eyJhIjoxfQ==");
    assertThat(first.at("/kinesis/approximateArrivalTimestamp").decimalValue())
        .isEqualByComparingTo("1772359200.000");
  }

  @Test
  void readsBackEverythingARedriveNeeds() {
    DiscardedBatch batch =
        new DiscardedBatch(
            "req-2",
            "shardId-000000000001",
            DiscardedBatch.Condition.RECORD_AGE_EXCEEDED,
            0,
            false,
            Instant.parse("2026-03-01T16:00:00.5Z"),
            records);

    ParkedBatch parked = ParkedBatch.parse(ParkedBatch.write(batch, FUNCTION_ARN, events));

    assertThat(parked.condition()).isEqualTo(DiscardedBatch.Condition.RECORD_AGE_EXCEEDED);
    assertThat(parked.functionError()).isEmpty();
    assertThat(parked.approximateInvokeCount()).isZero();
    assertThat(parked.shardId()).isEqualTo("shardId-000000000001");
    assertThat(parked.startSequenceNumber()).isEqualTo("4960");
    assertThat(parked.endSequenceNumber()).isEqualTo("4961");
    assertThat(parked.timestamp()).isEqualTo(Instant.parse("2026-03-01T16:00:00.5Z"));
    assertThat(parked.records()).usingRecursiveFieldByFieldElementComparator().isEqualTo(records);
  }

  @Test
  void recordsThatExpiredUnreadHaveNoResponseContext() throws IOException {
    DiscardedBatch batch =
        new DiscardedBatch(
            "req-3",
            "shardId-000000000001",
            DiscardedBatch.Condition.RECORD_AGE_EXCEEDED,
            0,
            false,
            Instant.now(),
            records);

    JsonNode json = new ObjectMapper().readTree(ParkedBatch.write(batch, FUNCTION_ARN, events));

    assertThat(json.has("responseContext")).isFalse();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
