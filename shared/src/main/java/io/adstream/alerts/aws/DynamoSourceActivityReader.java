package io.adstream.alerts.aws;

import io.adstream.alerts.SourceActivity;
import io.adstream.alerts.SourceActivityReader;
import io.adstream.config.AdstreamConfig;
import io.adstream.state.CapacityMeter;
import io.adstream.state.Versioned;
import io.adstream.state.aws.DynamoVersionedStore;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * The sources' activity: the stream's shards (closed ones included, while the stream keeps them) by
 * ListShards, then each shard's sources item from the claims table, merged.
 */
public final class DynamoSourceActivityReader implements SourceActivityReader {
  private final KinesisClient kinesis;
  private final String stream;
  private final DynamoVersionedStore<String, SourceActivity> items;

  public DynamoSourceActivityReader(
      DynamoDbClient dynamo, KinesisClient kinesis, AdstreamConfig config, CapacityMeter meter) {
    this.kinesis = kinesis;
    this.stream = config.names().stream();
    this.items = new DynamoVersionedStore<>(dynamo, new SourceActivityMapping(config), meter);
  }

  @Override
  public SourceActivity read() {
    List<String> shards = new ArrayList<>();
    String next = null;
    do {
      String token = next;
      var page =
          kinesis.listShards(
              r -> {
                if (token == null) {
                  r.streamName(stream);
                } else {
                  r.nextToken(token);
                }
              });
      page.shards().stream().map(Shard::shardId).forEach(shard -> shards.add(stream + "/" + shard));
      next = page.nextToken();
    } while (next != null);
    SourceActivity merged = SourceActivity.NONE;
    for (Versioned<SourceActivity> item : items.read(shards).values()) {
      merged = merged.plus(item.value());
    }
    return merged;
  }
}
