package io.adstream.bench;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.adstream.lambda.ProcessorHandler;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Runs in a fresh JVM on the deployable jar's classpath, as Lambda would: constructs the processor
 * handler from the environment, then processes one record. Prints the milliseconds from JVM start
 * to each point as one line {@code init_ms=<n> first_batch_ms=<n>} for {@link HandlerStartup} to
 * read.
 */
public final class HandlerStartupProbe {
  private HandlerStartupProbe() {}

  public static void main(String[] args) {
    int exit = 1;
    try {
      long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
      ProcessorHandler handler = new ProcessorHandler();
      long ready = System.currentTimeMillis();
      StreamsEventResponse response = handler.handleRequest(oneImpression(), null);
      long processed = System.currentTimeMillis();
      if (response.getBatchItemFailures() != null && !response.getBatchItemFailures().isEmpty()) {
        throw new IllegalStateException(
            "the probe's record did not commit: " + response.getBatchItemFailures());
      }
      System.out.println(
          "init_ms=" + (ready - jvmStart) + " first_batch_ms=" + (processed - jvmStart));
      exit = 0;
    } catch (RuntimeException e) {
      e.printStackTrace();
    } finally {
      System.exit(
          exit); // the SDK's HTTP clients keep non-daemon threads; Lambda freezes the JVM instead
    }
  }

  private static KinesisEvent oneImpression() {
    String now = Instant.now().toString();
    String json =
        "{\"event_id\":\"evt-"
            + UUID.randomUUID()
            + "\",\"event_type\":\"impression\",\"event_time\":\""
            + now
            + "\","
            + "\"schema_version\":1,\"source\":\"ad-server-eu1\",\"impression_id\":\"imp-"
            + UUID.randomUUID()
            + "\","
            + "\"campaign_id\":\"cmp-1001\",\"ad_id\":\"ad-42\",\"creative_id\":\"crv-300x250-a\",\"placement_id\":\"plc-1\","
            + "\"user_id\":\"usr-8842\",\"device_id\":\"dev-a1b2c3d4\",\"ip\":\"203.0.113.17\","
            + "\"user_agent\":\"Mozilla/5.0 (X11; Linux x86_64)\",\"cost_micros\":2500,\"currency\":\"EUR\",\"country\":\"DE\"}";
    KinesisEvent.Record kinesis = new KinesisEvent.Record();
    kinesis.setData(ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
    kinesis.setPartitionKey(
        "k1.probe-user-token"); // producers key by the user token, never the raw id
    String sequence = String.valueOf(System.nanoTime());
    kinesis.setSequenceNumber(sequence);
    kinesis.setApproximateArrivalTimestamp(new Date());
    kinesis.setKinesisSchemaVersion("1.0");
    KinesisEvent.KinesisEventRecord record = new KinesisEvent.KinesisEventRecord();
    record.setKinesis(kinesis);
    record.setEventSource("aws:kinesis");
    record.setEventID("shardId-000000000000:" + sequence);
    record.setEventSourceARN(System.getenv("PROBE_STREAM_ARN"));
    KinesisEvent event = new KinesisEvent();
    event.setRecords(List.of(record));
    return event;
  }
}
