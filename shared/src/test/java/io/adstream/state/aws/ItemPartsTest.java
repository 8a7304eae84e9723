package io.adstream.state.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.adstream.aggregation.HourBucketKey;
import io.adstream.config.TableSpec;
import io.adstream.state.CapacityMeter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Dividing an item too large for DynamoDB into a head and parts, and putting it back together from
 * what a Query returns. (Reading missing parts, and writing them in one transaction, is exercised
 * on the emulators by {@code ManyCampaignsPipelineTest} and {@code PipelineExactlyOnceTest}.)
 */
class ItemPartsTest {
  private static final ItemParts.Spill SPILL = new ItemParts.Spill("c", 10_000, 179);

  /** A client that fails the test if it is called: everything needed is among the items. */
  private static final DynamoDbClient NO_CALLS =
      new DynamoDbClient() {
        @Override
        public String serviceName() {
          return "dynamodb";
        }

        @Override
        public void close() {}
      };

  @Test
  void anItemThatFitsIsWrittenAsItIs() {
    Map<String, AttributeValue> item = item(50, 7);

    assertThat(ItemParts.split(item, Optional.of(SPILL))).contains(List.of(item));
    assertThat(ItemParts.split(item(2_000, 7), Optional.empty())).get().asList().hasSize(1);
  }

  @Test
  void aLargeItemIsDividedIntoPartsThatEachFitAndTogetherHoldEveryEntryOnce() {
    Map<String, AttributeValue> item = item(2_000, 7);

    List<Map<String, AttributeValue>> parts =
        ItemParts.split(item, Optional.of(SPILL)).orElseThrow();

    assertThat(parts).hasSizeGreaterThan(1);
    assertThat(parts).allSatisfy(part -> assertThat(ItemSize.of(part)).isLessThanOrEqualTo(10_000));
    Map<String, AttributeValue> entries = new HashMap<>();
    parts.forEach(
        part -> part.get("c").m().forEach((k, v) -> assertThat(entries.put(k, v)).isNull()));
    assertThat(entries).isEqualTo(item.get("c").m());
    Map<String, AttributeValue> head = parts.get(0);
    assertThat(head)
        .containsEntry("f", item.get("f"))
        .containsEntry(ItemParts.PARTS, n(parts.size()));
    for (int i = 1; i < parts.size(); i++) {
      assertThat(parts.get(i))
          .containsEntry(TableSpec.PARTITION_KEY, item.get(TableSpec.PARTITION_KEY))
          .containsEntry(TableSpec.SORT_KEY, AttributeValue.fromS("0029419200#shard-0#p" + i))
          .containsEntry("v", n(7))
          .containsEntry(TableSpec.TTL_ATTRIBUTE, item.get(TableSpec.TTL_ATTRIBUTE))
          .doesNotContainKey("f");
    }
  }

  @Test
  void anItemLargerThanOneTransactionCarriesIsNotDivided() {
    Map<String, AttributeValue> huge = item(40_000, 7);

    assertThat(ItemParts.split(huge, Optional.of(new ItemParts.Spill("c", 380_000, 179))))
        .isEmpty();
  }

  @Test
  void partsAreReadBackAsTheWholeItemAndPartsOfAnotherVersionAreLeftOver() {
    Map<String, AttributeValue> item = item(2_000, 7);
    List<Map<String, AttributeValue>> stored =
        new ArrayList<>(ItemParts.split(item, Optional.of(SPILL)).orElseThrow());
    // what an earlier, larger version left: a part past the current count, of an older version
    Map<String, AttributeValue> leftOver = new HashMap<>(stored.get(1));
    leftOver.put(TableSpec.SORT_KEY, AttributeValue.fromS("0029419200#shard-0#p" + stored.size()));
    leftOver.put("v", n(6));
    stored.add(leftOver);

    List<Map<String, AttributeValue>> whole =
        ItemParts.whole(NO_CALLS, "aggregates", stored, "c", new CapacityMeter());

    assertThat(whole).containsExactly(item);
  }

  @Test
  void entriesOfOneHourShareSpreadOverEveryPart() {
    // an hour item holds the campaigns whose mixed hash is one residue of 8: the part must not
    // follow that hash, or every one of them would land in the same part
    int[] perPart = new int[4];
    IntStream.range(0, 80_000)
        .mapToObj(i -> "cmp-" + i)
        .filter(id -> HourBucketKey.bucketOf(id, 1, 8) == 3)
        .forEach(id -> perPart[ItemParts.partOf(id, 4)]++);

    int total = IntStream.of(perPart).sum();
    assertThat(IntStream.of(perPart).boxed().toList())
        .allSatisfy(count -> assertThat(count).isBetween(total / 5, total * 3 / 10));
  }

  private static Map<String, AttributeValue> item(int campaigns, long version) {
    Map<String, AttributeValue> entries = new HashMap<>();
    for (int i = 0; i < campaigns; i++) {
      entries.put(
          "campaign-" + i + "-" + "x".repeat(80),
          AttributeValue.fromL(List.of(n(i), n(1), n(0), n(125_000))));
    }
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(TableSpec.PARTITION_KEY, AttributeValue.fromS("m#0#20430"));
    item.put(TableSpec.SORT_KEY, AttributeValue.fromS("0029419200#shard-0"));
    item.put("v", n(version));
    item.put("f", AttributeValue.fromM(Map.of("shard-0", AttributeValue.fromS("4951"))));
    item.put(TableSpec.TTL_ATTRIBUTE, n(1_800_000_000L));
    item.put("c", AttributeValue.fromM(entries));
    return item;
  }

  private static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}
