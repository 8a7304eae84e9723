package io.adstream.aggregation.aws;

import io.adstream.aggregation.Measures;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The attribute {@code c} of minute and hour items: campaign -> [the 8 measures], numbers in declaration order. */
final class CampaignsAttribute {
  static final String NAME = "c";

  private CampaignsAttribute() {}

  static Map<String, AttributeValue> encode(SortedMap<String, Measures> byCampaign) {
    Map<String, AttributeValue> campaigns = new HashMap<>();
    byCampaign.forEach((campaign, measures) -> campaigns.put(campaign, measuresValue(measures)));
    return Map.of(NAME, AttributeValue.fromM(campaigns));
  }

  static TreeMap<String, Measures> decode(Map<String, AttributeValue> item) {
    TreeMap<String, Measures> campaigns = new TreeMap<>();
    AttributeValue c = item.get(NAME);
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
