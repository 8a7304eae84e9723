package io.adstream.local.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adstream.stream.SourceRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A parked batch as the on-failure destination keeps it: the invocation record Lambda writes to an
 * S3 on-failure destination for a Kinesis event source, whose {@code payload} holds the discarded
 * records themselves, in the Kinesis event form, so that they can be redriven without the stream
 * (which may have trimmed them by then).
 *
 * <pre>{@code
 * {"requestContext": {"requestId", "functionArn", "condition": "RetryAttemptsExhausted"|"RecordAgeExceeded",
 *                     "approximateInvokeCount"},
 *  "responseContext": {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"},
 *  "version": "1.0", "timestamp": "2026-01-31T12:00:00.123Z",
 *  "KinesisBatchInfo": {"shardId", "startSequenceNumber", "endSequenceNumber",
 *                       "approximateArrivalOfFirstRecord", "approximateArrivalOfLastRecord", "batchSize", "streamArn"},
 *  "payload": {"Records": [ ...Kinesis event records... ]}}
 * }</pre>
 *
 * {@code responseContext} is absent when the records expired before any invocation, and its {@code
 * functionError} when the last invocation reported item failures rather than raising an error.
 * Sources: "Retain discarded batch records for a Kinesis Data Streams event source in Lambda" (the
 * record and the S3 key layout) and LocalStack's stream poller, which writes the same payload form.
 *
 * @param functionError Lambda's {@code functionError} of the last invocation, e.g. {@code
 *     Unhandled}
 */
public record ParkedBatch(
    String requestId,
    String functionArn,
    DiscardedBatch.Condition condition,
    int approximateInvokeCount,
    Optional<String> functionError,
    Instant timestamp,
    String streamArn,
    String shardId,
    String startSequenceNumber,
    String endSequenceNumber,
    List<SourceRecord> records) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  public ParkedBatch {
    records = List.copyOf(records);
  }

  /** Reads a parked batch written by the local mapping or by Lambda's S3 on-failure destination. */
  public static ParkedBatch parse(byte[] json) {
    try {
      JsonNode root = JSON.readTree(json);
      JsonNode request = KinesisEvents.required(root, "requestContext");
      JsonNode info = KinesisEvents.required(root, "KinesisBatchInfo");
      List<SourceRecord> records = new ArrayList<>();
      for (JsonNode record :
          KinesisEvents.required(KinesisEvents.required(root, "payload"), "Records")) {
        records.add(KinesisEvents.fromJson(record));
      }
      return new ParkedBatch(
          KinesisEvents.required(request, "requestId").asText(),
          KinesisEvents.required(request, "functionArn").asText(),
          DiscardedBatch.Condition.fromLambdaName(
              KinesisEvents.required(request, "condition").asText()),
          KinesisEvents.required(request, "approximateInvokeCount").asInt(),
          Optional.ofNullable(root.path("responseContext").get("functionError"))
              .map(JsonNode::asText),
          Instant.parse(KinesisEvents.required(root, "timestamp").asText()),
          KinesisEvents.required(info, "streamArn").asText(),
          KinesisEvents.required(info, "shardId").asText(),
          KinesisEvents.required(info, "startSequenceNumber").asText(),
          KinesisEvents.required(info, "endSequenceNumber").asText(),
          records);
    } catch (IOException e) {
      throw new UncheckedIOException("not a parked batch: " + e.getMessage(), e);
    }
  }

  static byte[] write(DiscardedBatch batch, String functionArn, KinesisEvents events) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode request = root.putObject("requestContext");
    request.put("requestId", batch.requestId());
    request.put("functionArn", functionArn);
    request.put("condition", batch.condition().lambdaName());
    request.put("approximateInvokeCount", batch.approximateInvokeCount());
    if (batch.approximateInvokeCount() > 0) {
      ObjectNode response = root.putObject("responseContext");
      response.put("statusCode", 200);
      response.put("executedVersion", "$LATEST");
      if (batch.functionError()) {
        response.put("functionError", "Unhandled");
      }
    }
    root.put("version", "1.0");
    root.put("timestamp", ISO_MILLIS.format(batch.timestamp()));
    ObjectNode info = root.putObject("KinesisBatchInfo");
    info.put("shardId", batch.shardId());
    info.put("startSequenceNumber", batch.first().sequenceNumber());
    info.put("endSequenceNumber", batch.last().sequenceNumber());
    info.put("approximateArrivalOfFirstRecord", ISO_MILLIS.format(batch.first().arrivalTime()));
    info.put("approximateArrivalOfLastRecord", ISO_MILLIS.format(batch.last().arrivalTime()));
    info.put("batchSize", batch.records().size());
    info.put("streamArn", events.streamArn());
    ArrayNode records = root.putObject("payload").putArray("Records");
    batch.records().forEach(record -> records.add(events.json(record)));
    try {
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
