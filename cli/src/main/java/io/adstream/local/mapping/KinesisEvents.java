package io.adstream.local.mapping;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent.KinesisEventRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adstream.stream.SourceRecord;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * The Kinesis events Lambda hands a function for one stream, as objects (what the handler receives)
 * and as the JSON Lambda serializes them to. Field values follow the documented sample event of
 * "Using Lambda with Kinesis Data Streams": eventSource {@code aws:kinesis}, eventID {@code
 * <shardId>:<sequenceNumber>}, arrival time in epoch seconds with milliseconds.
 */
final class KinesisEvents {

  static final String EVENT_SOURCE = "aws:kinesis";
  static final String EVENT_NAME = "aws:kinesis:record";
  static final String VERSION = "1.0";

  private final String streamArn;
  private final String region;
  private final String invokeIdentityArn;

  KinesisEvents(String streamArn, String region, String invokeIdentityArn) {
    this.streamArn = streamArn;
    this.region = region;
    this.invokeIdentityArn = invokeIdentityArn;
  }

  String streamArn() {
    return streamArn;
  }

  /** A fresh event per invocation: a handler may consume the data buffers. */
  KinesisEvent event(List<SourceRecord> batch) {
    KinesisEvent event = new KinesisEvent();
    event.setRecords(batch.stream().map(this::record).toList());
    return event;
  }

  KinesisEventRecord record(SourceRecord source) {
    KinesisEvent.Record kinesis = new KinesisEvent.Record();
    kinesis.setKinesisSchemaVersion(VERSION);
    kinesis.setPartitionKey(source.partitionKey());
    kinesis.setSequenceNumber(source.sequenceNumber());
    kinesis.setData(ByteBuffer.wrap(source.data().clone()));
    kinesis.setApproximateArrivalTimestamp(Date.from(source.arrivalTime()));
    KinesisEventRecord record = new KinesisEventRecord();
    record.setKinesis(kinesis);
    record.setEventSource(EVENT_SOURCE);
    record.setEventVersion(VERSION);
    record.setEventID(source.shardId() + ":" + source.sequenceNumber());
    record.setEventName(EVENT_NAME);
    record.setInvokeIdentityArn(invokeIdentityArn);
    record.setAwsRegion(region);
    record.setEventSourceARN(streamArn);
    return record;
  }

  /** The record as Lambda's JSON event carries it. */
  ObjectNode json(SourceRecord source) {
    KinesisEventRecord record = record(source);
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    ObjectNode kinesis = node.putObject("kinesis");
    kinesis.put("kinesisSchemaVersion", record.getKinesis().getKinesisSchemaVersion());
    kinesis.put("partitionKey", record.getKinesis().getPartitionKey());
    kinesis.put("sequenceNumber", record.getKinesis().getSequenceNumber());
    kinesis.put("data", Base64.getEncoder().encodeToString(source.data()));
    kinesis.put(
        "approximateArrivalTimestamp", BigDecimal.valueOf(source.arrivalTime().toEpochMilli(), 3));
    node.put("eventSource", record.getEventSource());
    node.put("eventVersion", record.getEventVersion());
    node.put("eventID", record.getEventID());
    node.put("eventName", record.getEventName());
    node.put("invokeIdentityArn", record.getInvokeIdentityArn());
    node.put("awsRegion", record.getAwsRegion());
    node.put("eventSourceARN", record.getEventSourceARN());
    return node;
  }

  /** A record back from Lambda's JSON event form. */
  static SourceRecord fromJson(JsonNode node) {
    JsonNode kinesis = required(node, "kinesis");
    String eventId = required(node, "eventID").asText();
    String streamArn = required(node, "eventSourceARN").asText();
    return new SourceRecord(
        streamArn.substring(streamArn.lastIndexOf('/') + 1),
        eventId.substring(0, eventId.indexOf(':')),
        required(kinesis, "sequenceNumber").asText(),
        required(kinesis, "partitionKey").asText(),
        Instant.ofEpochMilli(
            required(kinesis, "approximateArrivalTimestamp")
                .decimalValue()
                .movePointRight(3)
                .longValue()),
        Base64.getDecoder().decode(required(kinesis, "data").asText()));
  }

  static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("missing field '" + field + "'");
    }
    return value;
  }
}
