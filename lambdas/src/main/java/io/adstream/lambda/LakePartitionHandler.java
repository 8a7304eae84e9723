package io.adstream.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisFirehoseEvent;
import io.adstream.config.AdstreamConfig;
import io.adstream.config.ResourceNames;
import io.adstream.landing.LakeDestination;
import io.adstream.landing.LakePartition;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery streams' record transformation for dynamic partitioning: the processor packs each
 * Firehose record from lines of one lake partition, so the record's first line says where the whole
 * record is filed. Records pass through unchanged, with their partition keys as metadata; a record
 * that is not such lines is answered {@code ProcessingFailed}, and Firehose keeps it under the
 * error prefix.
 *
 * <p>It replaces a JQ query over every line, which Firehose bills by the hour of JQ processing.
 */
public final class LakePartitionHandler
    implements RequestHandler<KinesisFirehoseEvent, Map<String, Object>> {
  private static final Logger LOG = LoggerFactory.getLogger(LakePartitionHandler.class);

  private final Map<String, LakeDestination> destinationsByStream = new LinkedHashMap<>();

  /** In Lambda: the delivery streams' names from the configuration the CDK app set. */
  public LakePartitionHandler() {
    this(AdstreamConfig.fromEnvironment(System.getenv()));
  }

  public LakePartitionHandler(AdstreamConfig config) {
    ResourceNames names = config.names();
    for (LakeDestination destination : LakeDestination.values()) {
      destinationsByStream.put(destination.deliveryStream(names), destination);
    }
  }

  /**
   * @return the Firehose transformation response: {@code {"records": [{recordId, result, data,
   *     metadata}]}}
   */
  @Override
  public Map<String, Object> handleRequest(KinesisFirehoseEvent event, Context context) {
    LakeDestination destination = destinationOf(event.getDeliveryStreamArn());
    List<Map<String, Object>> records = new ArrayList<>(event.getRecords().size());
    for (KinesisFirehoseEvent.Record record : event.getRecords()) {
      byte[] data = bytes(record.getData());
      String encoded = Base64.getEncoder().encodeToString(data);
      Map<String, Object> response = new LinkedHashMap<>();
      response.put("recordId", record.getRecordId());
      try {
        LakePartition partition = LakePartition.of(destination, firstLine(data));
        response.put("result", "Ok");
        response.put("data", encoded);
        response.put("metadata", Map.of("partitionKeys", partition.keys()));
      } catch (IllegalArgumentException notLines) {
        LOG.warn(
            "record {} of {} is not lake lines, left to the error prefix: {}",
            record.getRecordId(),
            destination,
            notLines.getMessage());
        response.put("result", "ProcessingFailed");
        response.put("data", encoded);
      }
      records.add(response);
    }
    return Map.of("records", records);
  }

  private LakeDestination destinationOf(String deliveryStreamArn) {
    String name = deliveryStreamArn.substring(deliveryStreamArn.lastIndexOf('/') + 1);
    LakeDestination destination = destinationsByStream.get(name);
    if (destination == null) {
      throw new IllegalArgumentException(
          "delivery stream "
              + name
              + " is none of this deployment's: "
              + destinationsByStream.keySet());
    }
    return destination;
  }

  private static byte[] bytes(ByteBuffer data) {
    ByteBuffer copy = data.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }

  private static byte[] firstLine(byte[] data) {
    for (int i = 0; i < data.length; i++) {
      if (data[i] == '\n') {
        return Arrays.copyOf(data, i);
      }
    }
    return data;
  }
}
