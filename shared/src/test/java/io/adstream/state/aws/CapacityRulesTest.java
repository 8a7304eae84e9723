package io.adstream.state.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The worked examples of the DynamoDB Developer Guide's capacity pages, and its item-size rules.
 */
class CapacityRulesTest {
  private static final int KB = 1024;

  @Test
  void readsRoundEachItemUpToFourKilobytes() {
    // "reading a 3,500-byte item consumes the same throughput as reading a 4 KB item"
    assertThat(CapacityRules.readEach(3_500, true, false)).isEqualTo(1.0);
    assertThat(CapacityRules.readEach(3_500, false, false)).isEqualTo(0.5);
    // "if your item size is 8 KB, you require 2 read units ... strongly consistent ... 1 read unit
    // if you
    // choose eventually consistent reads or 4 read units for a transactional read request"
    assertThat(CapacityRules.readEach(8 * KB, true, false)).isEqualTo(2.0);
    assertThat(CapacityRules.readEach(8 * KB, false, false)).isEqualTo(1.0);
    assertThat(CapacityRules.readEach(8 * KB, true, true)).isEqualTo(4.0);
  }

  @Test
  void aReadOfAnItemThatDoesNotExistStillConsumes() {
    assertThat(CapacityRules.readEach(0, true, false)).isEqualTo(1.0);
    assertThat(CapacityRules.readEach(0, false, false)).isEqualTo(0.5);
  }

  @Test
  void batchGetRoundsEachItemWhileQueryRoundsTheirSum() {
    // BatchGetItem of a 1.5 KB and a 6.5 KB item: 4 KB + 8 KB = 12 KB, not 8 KB
    double batch =
        CapacityRules.readEach(1_536, true, false) + CapacityRules.readEach(6_656, true, false);
    assertThat(batch).isEqualTo(3.0);
    // a Query that reads the same two items: 8 KB in all
    assertThat(CapacityRules.readTotal(1_536 + 6_656, true)).isEqualTo(2.0);
    assertThat(CapacityRules.readTotal(1_536 + 6_656, false)).isEqualTo(1.0);
  }

  @Test
  void writesRoundTheLargerOfBeforeAndAfterUpToOneKilobyte() {
    assertThat(CapacityRules.write(0, 500, false)).isEqualTo(1.0);
    assertThat(CapacityRules.write(0, 1_536, false)).isEqualTo(2.0);
    assertThat(CapacityRules.write(3 * KB + 1, 500, false))
        .isEqualTo(4.0); // an update that shrinks the item
    assertThat(CapacityRules.write(900, 0, false)).isEqualTo(1.0); // a delete: the item deleted
    assertThat(CapacityRules.write(0, 0, false))
        .isEqualTo(1.0); // a failed condition on nothing: at least one
  }

  @Test
  void transactionalWritesCostTwice() {
    assertThat(CapacityRules.write(0, KB, true)).isEqualTo(2.0);
    assertThat(CapacityRules.write(0, 3_500, true)).isEqualTo(8.0);
  }

  /**
   * The cases of "Provisioned throughput considerations for Global Secondary Indexes", one write
   * each.
   */
  @Test
  void aWriteAlsoWritesEveryIndexTheItemIsInBeforeOrAfter() {
    // a new item that defines the index key: one put into the index
    assertThat(CapacityRules.indexWrite(0, 500, true, false)).isEqualTo(1.0);
    // the indexed key attribute changes value: a delete of the old entry and a put of the new one
    assertThat(CapacityRules.indexWrite(500, 600, true, false)).isEqualTo(2.0);
    // the item loses the indexed attribute: one delete
    assertThat(CapacityRules.indexWrite(1_500, 0, true, false)).isEqualTo(2.0);
    // not in the index before or after: nothing
    assertThat(CapacityRules.indexWrite(0, 0, false, false)).isEqualTo(0.0);
    // only projected attributes change: one write, by the larger entry
    assertThat(CapacityRules.indexWrite(900, 1_100, false, false)).isEqualTo(2.0);
    assertThat(CapacityRules.indexWrite(0, 500, true, true)).isEqualTo(2.0);
  }

  @Test
  void itemSizeCountsNamesAndValues() {
    // name "pk" (2) + "claim-1" (7); name "ok" (2) + a boolean (1); name "none" (4) + null (1)
    assertThat(
            ItemSize.of(
                Map.of(
                    "pk", AttributeValue.fromS("claim-1"),
                    "ok", AttributeValue.fromBool(true),
                    "none", AttributeValue.fromNul(true))))
        .isEqualTo(9 + 3 + 5);
    // UTF-8 bytes, not characters: "é" is two bytes
    assertThat(ItemSize.of(Map.of("n", AttributeValue.fromS("é")))).isEqualTo(1 + 2);
    assertThat(ItemSize.of(Map.of("b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[10])))))
        .isEqualTo(1 + 10);
  }

  @Test
  void numbersTakeOneBytePerPairOfDigitsAlignedOnTheDecimalPointPlusOne() {
    assertThat(ItemSize.number("7")).isEqualTo(2);
    assertThat(ItemSize.number("12345")).isEqualTo(4);
    assertThat(ItemSize.number("1234567890")).isEqualTo(6);
    assertThat(ItemSize.number("1200")).isEqualTo(2); // the pair 00 is trimmed: 12|00
    assertThat(ItemSize.number("1200000")).isEqualTo(3); // 1|20|00|00: the odd zero stays
    assertThat(ItemSize.number("0.000012")).isEqualTo(2); // .00|00|12
    assertThat(ItemSize.number("0.5")).isEqualTo(2); // .50
    assertThat(ItemSize.number("-12345")).isEqualTo(5); // the sign costs a byte
    // zero is one byte: an aggregates item of 20 campaigns with 5 zero measures each is 100 bytes
    // lighter than "one byte per two digits, plus one" says, enough to cross a write unit
    assertThat(ItemSize.number("0")).isEqualTo(1);
    assertThat(ItemSize.number("0.00")).isEqualTo(1);
    assertThat(ItemSize.number("1" + "0".repeat(37))).isEqualTo(2);
    assertThat(ItemSize.number("12345678901234567890123456789012345678")).isEqualTo(20);
    assertThat(ItemSize.number("-12345678901234567890123456789012345678")).isEqualTo(21);
  }

  @Test
  void plainIntegersAreSizedAsTheirParsedValueIs() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 20_000; i++) {
      long value = random.nextLong() >> random.nextInt(64);
      String n = Long.toString(value) + "0".repeat(random.nextInt(6));
      // a leading space is no plain integer: it takes the parsing path
      assertThat(ItemSize.number(n)).as(n).isEqualTo(ItemSize.number(" " + n));
    }
  }

  @Test
  void listsAndMapsCostThreeBytesPlusOnePerElement() {
    AttributeValue list =
        AttributeValue.fromL(List.of(AttributeValue.fromS("ab"), AttributeValue.fromS("c")));
    assertThat(ItemSize.of(list)).isEqualTo(3 + (1 + 2) + (1 + 1));
    AttributeValue map = AttributeValue.fromM(Map.of("k", AttributeValue.fromS("vv")));
    assertThat(ItemSize.of(map)).isEqualTo(3 + 1 + 1 + 2);
    assertThat(ItemSize.of(AttributeValue.fromSs(List.of("ab", "cde")))).isEqualTo(5);
  }
}
