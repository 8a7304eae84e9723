package io.adstream.landing.aws;

import io.adstream.config.AdstreamConfig;
import io.adstream.config.ResourceNames;
import io.adstream.landing.LakeDestination;
import io.adstream.landing.LakePartition;
import io.adstream.landing.LandingSink;
import io.adstream.landing.RecordPacker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;
import software.amazon.awssdk.services.firehose.model.Record;

/**
 * Lands lines through Firehose: several lines of one lake partition packed per record (the delivery
 * stream's transformation files each record by its first line), at most 500 records and 4 MiB per
 * call, and only the entries Firehose reports failed (FailedPutCount) are retried, with backoff.
 */
public final class FirehoseLandingSink implements LandingSink {
  private static final int RECORDS_PER_CALL = 500;
  private static final int BYTES_PER_CALL = 4 * 1024 * 1024;
  private static final int MAX_ATTEMPTS = 6;

  private final FirehoseClient firehose;
  private final ResourceNames names;
  private final RecordPacker packer;
  private final LongAdder retriedEntries = new LongAdder();

  public FirehoseLandingSink(FirehoseClient firehose, AdstreamConfig config) {
    this.firehose = firehose;
    this.names = config.names();
    this.packer = new RecordPacker(config.landing().maxRecordBytes());
  }

  @Override
  public void land(Map<LakeDestination, List<byte[]>> lines) {
    lines.forEach(
        (destination, destinationLines) -> {
          Map<LakePartition, List<byte[]>> byPartition = new LinkedHashMap<>();
          for (byte[] line : destinationLines) {
            byPartition
                .computeIfAbsent(LakePartition.of(destination, line), p -> new ArrayList<>())
                .add(line);
          }
          List<byte[]> records = new ArrayList<>();
          byPartition
              .values()
              .forEach(partitionLines -> records.addAll(packer.pack(partitionLines)));
          if (!records.isEmpty()) {
            put(destination.deliveryStream(names), records);
          }
        });
  }

  /** Entries Firehose refused and this sink sent again: the landing retries metric. */
  public long retriedEntries() {
    return retriedEntries.sum();
  }

  private void put(String stream, List<byte[]> records) {
    int from = 0;
    while (from < records.size()) {
      int to = from;
      int bytes = 0;
      while (to < records.size()
          && to - from < RECORDS_PER_CALL
          && bytes + records.get(to).length <= BYTES_PER_CALL) {
        bytes += records.get(to++).length;
      }
      putWithRetries(stream, records.subList(from, to));
      from = to;
    }
  }

  private void putWithRetries(String stream, List<byte[]> batch) {
    List<byte[]> pending = batch;
    for (int attempt = 1; ; attempt++) {
      List<Record> records =
          pending.stream()
              .map(r -> Record.builder().data(SdkBytes.fromByteArray(r)).build())
              .toList();
      PutRecordBatchResponse response =
          firehose.putRecordBatch(r -> r.deliveryStreamName(stream).records(records));
      if (response.failedPutCount() == null || response.failedPutCount() == 0) {
        return;
      }
      List<byte[]> failed = new ArrayList<>();
      String lastError = "";
      for (int i = 0; i < response.requestResponses().size(); i++) {
        PutRecordBatchResponseEntry entry = response.requestResponses().get(i);
        if (entry.errorCode() != null) {
          failed.add(pending.get(i));
          lastError = entry.errorCode() + ": " + entry.errorMessage();
        }
      }
      if (attempt == MAX_ATTEMPTS) {
        throw new IllegalStateException(
            "Firehose "
                + stream
                + " refused "
                + failed.size()
                + " records "
                + MAX_ATTEMPTS
                + " times; last: "
                + lastError);
      }
      retriedEntries.add(failed.size());
      pending = failed;
      sleep(Math.min(2_000L, 50L << attempt));
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while backing off Firehose retries", e);
    }
  }
}
