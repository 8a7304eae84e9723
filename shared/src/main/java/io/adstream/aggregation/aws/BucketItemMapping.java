package io.adstream.aggregation.aws;

import io.adstream.aggregation.Measures;
import io.adstream.config.AdstreamConfig;
import io.adstream.state.aws.ItemMapping;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What minute and hour items share: the aggregates table, its retention, and the attribute {@code
 * c}: campaign -> [the 8 measures], numbers in declaration order.
 */
public abstract class BucketItemMapping<K, V> implements ItemMapping<K, V> {
  private final String table;
  private final Duration retention;
  private final Function<V, SortedMap<String, Measures>> campaignsOf;
  private final Function<SortedMap<String, Measures>, V> valueOf;

  BucketItemMapping(
      AdstreamConfig config,
      Function<V, SortedMap<String, Measures>> campaignsOf,
      Function<SortedMap<String, Measures>, V> valueOf) {
    this.table = config.names().aggregatesTable();
    this.retention = config.retention().aggregates();
    this.campaignsOf = campaignsOf;
    this.valueOf = valueOf;
  }

  @Override
  public final String table() {
    return table;
  }

  final Duration retention() {
    return retention;
  }

  @Override
  public Map<String, AttributeValue> encode(V value) {
    Map<String, AttributeValue> campaigns = new HashMap<>();
    campaignsOf
        .apply(value)
        .forEach((campaign, measures) -> campaigns.put(campaign, measuresValue(measures)));
    return Map.of("c", AttributeValue.fromM(campaigns));
  }

  @Override
  public V decode(Map<String, AttributeValue> item) {
    return valueOf.apply(campaigns(item));
  }

  /** The campaigns' measures of an aggregates item, minute or hour. */
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
}
