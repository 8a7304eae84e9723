package io.adstream.state.aws;

import io.adstream.aggregation.Measures;
import io.adstream.alerts.FloodGroup;
import io.adstream.alerts.FloodKey;
import io.adstream.alerts.SourceActivity;
import io.adstream.attribution.UserState;
import io.adstream.aggregation.MinuteBucket;
import io.adstream.aggregation.MinuteBucketKey;
import io.adstream.config.AdstreamConfig;
import io.adstream.config.TableSpec;
import io.adstream.features.Activity;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Layouts of the fenced items: aggregate minute buckets, device activity, shard watermarks and sources. */
public final class StateMappings {
  private StateMappings() {}

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  /** An item keyed by its partition key alone, in {@code table}. */
  private abstract static class PartitionKeyed<K, V> implements ItemMapping<K, V> {
    private final String table;
    private final Function<K, String> partitionKey;

    PartitionKeyed(String table, Function<K, String> partitionKey) {
      this.table = table;
      this.partitionKey = partitionKey;
    }

    @Override
    public String table() {
      return table;
    }

    @Override
    public Map<String, AttributeValue> key(K key) {
      return Map.of(TableSpec.PARTITION_KEY, s(partitionKey.apply(key)));
    }
  }

  /**
   * Aggregates table: pk {@code m#<bucket>#<epoch day>}, sk {@code <epoch minute, 10 digits>#<shard>}, and
   * attribute {@code c}: campaign -> [the 8 measures]. A reader queries one bucket's day by sort key range.
   */
  public static ItemMapping<MinuteBucketKey, MinuteBucket> minuteBuckets(AdstreamConfig config) {
    String table = config.names().aggregatesTable();
    Duration retention = config.retention().aggregates();
    return new ItemMapping<>() {
      @Override
      public String table() {
        return table;
      }

      @Override
      public Map<String, AttributeValue> key(MinuteBucketKey key) {
        return Map.of(
            TableSpec.PARTITION_KEY, s(partitionKey(key.bucket(), Math.floorDiv(key.epochMinute(), 1440))),
            TableSpec.SORT_KEY, s(String.format("%010d#%s", key.epochMinute(), key.shardId())));
      }

      @Override
      public Map<String, AttributeValue> encode(MinuteBucket value) {
        Map<String, AttributeValue> campaigns = new HashMap<>();
        value.byCampaign().forEach((campaign, measures) -> campaigns.put(campaign, measuresValue(measures)));
        return Map.of("c", AttributeValue.fromM(campaigns));
      }

      @Override
      public MinuteBucket decode(Map<String, AttributeValue> item) {
        return new MinuteBucket(campaigns(item));
      }

      @Override
      public long expiresAt(MinuteBucketKey key, MinuteBucket value) {
        return Instant.ofEpochSecond(key.epochMinute() * 60).plus(retention).getEpochSecond();
      }
    };
  }

  public static String partitionKey(int bucket, long epochDay) {
    return "m#" + bucket + "#" + epochDay;
  }

  /** The campaigns' measures of an aggregates item. */
  public static TreeMap<String, Measures> campaigns(Map<String, AttributeValue> item) {
    TreeMap<String, Measures> campaigns = new TreeMap<>();
    AttributeValue c = item.get("c");
    if (c != null && c.hasM()) {
      c.m().forEach((campaign, measures) -> campaigns.put(campaign, measures(measures)));
    }
    return campaigns;
  }

  private static AttributeValue measuresValue(Measures measures) {
    long[] values = measures.toArray();
    AttributeValue[] numbers = new AttributeValue[values.length];
    for (int i = 0; i < values.length; i++) {
      numbers[i] = AttributeValue.fromN(Long.toString(values[i]));
    }
    return AttributeValue.fromL(List.of(numbers));
  }

  private static Measures measures(AttributeValue value) {
    List<AttributeValue> numbers = value.l();
    long[] values = new long[numbers.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = Long.parseLong(numbers.get(i).n());
    }
    return Measures.fromArray(values);
  }

  /** Features table: pk {@code dev#<device token>}, attribute {@code a}: the activity. */
  public static ItemMapping<String, Activity> devices(AdstreamConfig config) {
    String table = config.names().featuresTable();
    Duration retention = config.retention().features();
    return new PartitionKeyed<String, Activity>(table, StateMappings::devicePartitionKey) {
      @Override
      public Map<String, AttributeValue> encode(Activity value) {
        return Map.of("a", s(StateJson.write(StateJson.activity(value))));
      }

      @Override
      public Activity decode(Map<String, AttributeValue> item) {
        return StateJson.activity(StateJson.read(item.get("a").s()));
      }

      @Override
      public long expiresAt(String device, Activity value) {
        return value.asOf().orElse(Instant.EPOCH).plus(retention).getEpochSecond();
      }
    };
  }

  /**
   * Features table: pk {@code usr#<user token>}, attribute {@code u}: recent clicks and last-click credits
   * for attribution, and the activity the user's features derive from.
   */
  public static ItemMapping<String, UserState> users(AdstreamConfig config) {
    String table = config.names().featuresTable();
    Duration retention =
        config.windows().conversionLookback().plus(config.windows().allowedLateness()).plus(config.retention().features());
    return new PartitionKeyed<String, UserState>(table, StateMappings::userPartitionKey) {
      @Override
      public Map<String, AttributeValue> encode(UserState value) {
        return Map.of("u", s(StateJson.user(value)));
      }

      @Override
      public UserState decode(Map<String, AttributeValue> item) {
        return StateJson.user(item.get("u").s());
      }

      @Override
      public long expiresAt(String user, UserState value) {
        return value.activity().asOf().orElse(Instant.EPOCH).plus(retention).getEpochSecond();
      }
    };
  }

  /**
   * Claims table: pk {@code fl#<device|ip>#<token>#<epoch minute>}, attribute {@code g}: the click count,
   * the crossing record and the clicks counted valid (with the record that retracted each). Kept for the
   * allowed lateness after its minute, and a day more.
   */
  public static ItemMapping<FloodKey, FloodGroup> floods(AdstreamConfig config) {
    String table = config.names().claimsTable();
    Duration keep = config.windows().allowedLateness().plus(Duration.ofDays(1));
    return new PartitionKeyed<FloodKey, FloodGroup>(
        table, key -> "fl#" + key.kind().label() + "#" + key.token() + "#" + key.epochMinute()) {
      @Override
      public Map<String, AttributeValue> encode(FloodGroup group) {
        com.fasterxml.jackson.databind.node.ObjectNode node = StateJson.NODES.objectNode();
        node.put("c", group.clicks());
        group.crossedBy().ifPresent(by -> node.put("x", by));
        com.fasterxml.jackson.databind.node.ArrayNode counted = node.putArray("k");
        group.counted().forEach(
            (clickId, click) -> {
              com.fasterxml.jackson.databind.node.ArrayNode entry =
                  counted.addArray().add(clickId).add(click.campaignId()).add(click.clickTime().toEpochMilli()).add(click.costMicros());
              click.retractedBy().ifPresent(entry::add);
            });
        return Map.of("g", s(StateJson.write(node)));
      }

      @Override
      public FloodGroup decode(Map<String, AttributeValue> item) {
        com.fasterxml.jackson.databind.JsonNode node = StateJson.read(item.get("g").s());
        TreeMap<String, FloodGroup.CountedClick> counted = new TreeMap<>();
        node.path("k")
            .forEach(
                e ->
                    counted.put(
                        e.get(0).asText(),
                        new FloodGroup.CountedClick(
                            e.get(1).asText(),
                            Instant.ofEpochMilli(e.get(2).asLong()),
                            e.get(3).asLong(),
                            e.size() > 4 ? java.util.Optional.of(e.get(4).asText()) : java.util.Optional.empty())));
        return new FloodGroup(
            node.get("c").asLong(),
            node.hasNonNull("x") ? java.util.Optional.of(node.get("x").asText()) : java.util.Optional.empty(),
            counted);
      }

      @Override
      public long expiresAt(FloodKey key, FloodGroup group) {
        return key.minute().plus(keep).getEpochSecond();
      }
    };
  }

  public static String userPartitionKey(String userToken) {
    return "usr#" + userToken;
  }

  public static String devicePartitionKey(String deviceToken) {
    return "dev#" + deviceToken;
  }

  /**
   * Claims table: pk {@code src#<stream>/<shard>}, attribute {@code s}: per source, [first event time, last
   * event time, events, last arrival] (epoch ms). Kept as long as the shard's watermark.
   */
  public static ItemMapping<String, SourceActivity> sources(AdstreamConfig config) {
    String table = config.names().claimsTable();
    Duration retention = config.windows().dedupWindow();
    return new PartitionKeyed<String, SourceActivity>(table, StateMappings::sourcesPartitionKey) {
      @Override
      public Map<String, AttributeValue> encode(SourceActivity value) {
        com.fasterxml.jackson.databind.node.ObjectNode node = StateJson.NODES.objectNode();
        value.bySource().forEach(
            (source, stats) ->
                node.putArray(source)
                    .add(stats.firstEventTime().toEpochMilli())
                    .add(stats.lastEventTime().toEpochMilli())
                    .add(stats.events())
                    .add(stats.lastArrival().toEpochMilli()));
        return Map.of("s", s(StateJson.write(node)));
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
    };
  }

  /** The sources item of a shard, {@code <stream name>/<shard id>}. */
  public static String sourcesPartitionKey(String shard) {
    return "src#" + shard;
  }

  /** Claims table: pk {@code wm#<stream>/<shard>}, attribute {@code t}: the event-time watermark. */
  public static ItemMapping<String, Instant> watermarks(AdstreamConfig config) {
    String table = config.names().claimsTable();
    Duration retention = config.windows().dedupWindow();
    return new PartitionKeyed<String, Instant>(table, shard -> "wm#" + shard) {
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
    };
  }
}
