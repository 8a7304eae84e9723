package io.adstream.alerts.aws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adstream.alerts.SourceActivity;
import io.adstream.config.AdstreamConfig;
import io.adstream.state.aws.PartitionKeyedMapping;
import io.adstream.state.aws.StateJson;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Claims table: pk {@code src#<stream>/<shard>}, attribute {@code s}: per source, [first event
 * time, last event time, events, last arrival] (epoch ms). Kept as long as the shard's watermark.
 */
public final class SourceActivityMapping extends PartitionKeyedMapping<String, SourceActivity> {
  private final Duration retention;

  public SourceActivityMapping(AdstreamConfig config) {
    super(config.names().claimsTable(), shard -> "src#" + shard);
    this.retention = config.windows().dedupWindow();
  }

  @Override
  public Map<String, AttributeValue> encode(SourceActivity value) {
    ObjectNode node = StateJson.NODES.objectNode();
    value
        .bySource()
        .forEach(
            (source, stats) ->
                node.putArray(source)
                    .add(stats.firstEventTime().toEpochMilli())
                    .add(stats.lastEventTime().toEpochMilli())
                    .add(stats.events())
                    .add(stats.lastArrival().toEpochMilli()));
    return Map.of("s", AttributeValue.fromS(StateJson.write(node)));
  }

  @Override
  public SourceActivity decode(Map<String, AttributeValue> item) {
    TreeMap<String, SourceActivity.SourceStats> bySource = new TreeMap<>();
    StateJson.read(item.get("s").s())
        .fields()
        .forEachRemaining(
            e ->
                bySource.put(
                    e.getKey(),
                    new SourceActivity.SourceStats(
                        Instant.ofEpochMilli(e.getValue().get(0).asLong()),
                        Instant.ofEpochMilli(e.getValue().get(1).asLong()),
                        e.getValue().get(2).asLong(),
                        Instant.ofEpochMilli(e.getValue().get(3).asLong()))));
    return new SourceActivity(bySource);
  }

  @Override
  public long expiresAt(String shard, SourceActivity value) {
    Instant last =
        value.bySource().values().stream()
            .map(SourceActivity.SourceStats::lastArrival)
            .max(Instant::compareTo)
            .orElse(Instant.EPOCH);
    return last.plus(retention).getEpochSecond();
  }
}
