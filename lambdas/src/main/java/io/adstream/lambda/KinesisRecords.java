package io.adstream.lambda;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import io.adstream.stream.SourceRecord;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Kinesis event records as the core sees them. */
final class KinesisRecords {
  private KinesisRecords() {}

  static List<SourceRecord> of(KinesisEvent event) {
    List<SourceRecord> records = new ArrayList<>(event.getRecords().size());
    for (KinesisEvent.KinesisEventRecord record : event.getRecords()) {
      KinesisEvent.Record kinesis = record.getKinesis();
      ByteBuffer data = kinesis.getData().duplicate();
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      records.add(
          new SourceRecord(
              streamName(record.getEventSourceARN()),
              shardId(record.getEventID()),
              kinesis.getSequenceNumber(),
              kinesis.getPartitionKey(),
              Instant.ofEpochMilli(kinesis.getApproximateArrivalTimestamp().getTime()),
              bytes));
    }
    return records;
  }

  /** arn:aws:kinesis:region:account:stream/NAME */
  static String streamName(String arn) {
    return arn.substring(arn.lastIndexOf('/') + 1);
  }

  /** eventID is {@code <shard id>:<sequence number>}. */
  static String shardId(String eventId) {
    return eventId.substring(0, eventId.indexOf(':'));
  }
}
