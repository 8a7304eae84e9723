package io.adstream.aggregation.aws;

import io.adstream.aggregation.Measures;
import io.adstream.config.AdstreamConfig;
import io.adstream.state.CapacityMeter;
import io.adstream.state.aws.ItemMapping;
import io.adstream.state.aws.ItemParts;
import io.adstream.state.aws.ItemSize;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What minute and hour items share: the aggregates table, its retention, and the attribute {@code
 * c}: campaign -> [the 8 measures], numbers in declaration order.
 */
public abstract class BucketItemMapping<K, V> implements ItemMapping<K, V> {
  private static final String CAMPAIGNS = "c";

  /** A list of the 8 measures: 3 bytes, and a byte and at most a number's bytes each. */
  private static final int MEASURES_BYTES_AT_MOST =
      3 + Measures.ZERO.toArray().length * (1 + ItemSize.MAX_NUMBER_BYTES);

  private final String table;
  private final Duration retention;
  private final int partBytes;
  private final Function<V, SortedMap<String, Measures>> campaignsOf;
  private final Function<SortedMap<String, Measures>, V> valueOf;

  BucketItemMapping(
      AdstreamConfig config,
      Function<V, SortedMap<String, Measures>> campaignsOf,
      Function<SortedMap<String, Measures>, V> valueOf) {
    this.table = config.names().aggregatesTable();
    this.retention = config.retention().aggregates();
    this.partBytes = config.state().itemPartBytes();
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
    return Map.of(CAMPAIGNS, AttributeValue.fromM(campaigns));
  }

  /**
   * The campaigns: what grows with the number of campaigns a producer names, so what is divided
   * over parts when an item outgrows DynamoDB's limit.
   */
  @Override
  public final Optional<ItemParts.Spill> spill() {
    return Optional.of(new ItemParts.Spill(CAMPAIGNS, partBytes, MEASURES_BYTES_AT_MOST));
  }

  @Override
  public V decode(Map<String, AttributeValue> item) {
    return valueOf.apply(campaigns(item));
  }

  /**
   * Aggregates items as whole items: an item stored as parts (a head and its parts, some perhaps
   * among {@code items}) comes back as one.
   */
  public static List<Map<String, AttributeValue>> whole(
      DynamoDbClient dynamo,
      String table,
      List<Map<String, AttributeValue>> items,
      CapacityMeter meter) {
    return ItemParts.whole(dynamo, table, items, CAMPAIGNS, meter);
  }

  /** The campaigns' measures of an aggregates item, minute or hour. */
  public static TreeMap<String, Measures> campaigns(Map<String, AttributeValue> item) {
    TreeMap<String, Measures> campaigns = new TreeMap<>();
    AttributeValue c = item.get(CAMPAIGNS);
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
