package io.adstream.processing.aws;

import io.adstream.config.AdstreamConfig;
import io.adstream.state.aws.PartitionKeyedMapping;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Claims table: pk {@code wm#<stream>/<shard>}, attribute {@code t}: the shard's event-time
 * watermark (epoch ms).
 */
public final class WatermarkMapping extends PartitionKeyedMapping<String, Instant> {
  private final Duration retention;

  public WatermarkMapping(AdstreamConfig config) {
    super(config.names().claimsTable(), shard -> "wm#" + shard);
    this.retention = config.windows().dedupWindow();
  }

  @Override
  public Map<String, AttributeValue> encode(Instant value) {
    return Map.of("t", AttributeValue.fromN(Long.toString(value.toEpochMilli())));
  }

  @Override
  public Instant decode(Map<String, AttributeValue> item) {
    return Instant.ofEpochMilli(Long.parseLong(item.get("t").n()));
  }

  @Override
  public long expiresAt(String shard, Instant value) {
    return value.plus(retention).getEpochSecond();
  }
}
