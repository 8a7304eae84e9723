package io.adstream.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.adstream.config.AdstreamConfig;
import io.adstream.features.Activity;
import io.adstream.testing.TestEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A user token that thousands of conversions name (a feed filling in a placeholder user) keeps a
 * bounded item: the latest conversions for credit takeovers, the latest conversion times for its
 * features, the same whatever order the conversions arrive in.
 */
class UserStateLimitsTest {
  private static final AttributionWindows WINDOWS =
      AttributionWindows.of(AdstreamConfig.defaults());
  private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
  private static final int CONVERSIONS = 2_500;

  @Test
  void aUserKeepsItsLatestConversionsOnly() {
    UserState user = UserState.EMPTY;
    for (int i = 0; i < CONVERSIONS; i++) {
      user = user.after(conversion(i), unattributed(), WINDOWS);
    }

    assertThat(user.conversions())
        .hasSize(WINDOWS.maxConversionsPerUser())
        .containsKeys(id(CONVERSIONS - 1), id(CONVERSIONS - WINDOWS.maxConversionsPerUser()))
        .doesNotContainKey(id(CONVERSIONS - WINDOWS.maxConversionsPerUser() - 1));
    assertThat(user.activity().conversionTimes()).hasSize(Activity.MAX_CONVERSION_TIMES);
    assertThat(user.activity().features().orElseThrow().conversions7d())
        .isEqualTo(Activity.MAX_CONVERSION_TIMES);
  }

  @Test
  void whatIsKeptDoesNotDependOnTheOrderConversionsArriveIn() {
    List<Integer> order = new ArrayList<>(IntStream.range(0, CONVERSIONS).boxed().toList());
    UserState inOrder = UserState.EMPTY;
    for (int i : order) {
      inOrder = inOrder.after(conversion(i), unattributed(), WINDOWS);
    }
    Collections.shuffle(order, new Random(5));
    UserState shuffled = UserState.EMPTY;
    for (int i : order) {
      shuffled = shuffled.after(conversion(i), unattributed(), WINDOWS);
    }

    assertThat(shuffled).isEqualTo(inOrder);
  }

  @Test
  void aStateOverALoweredLimitKeepsItsLatestEntriesTiesByIdHoweverManyAreDropped() {
    // 11 conversions against a limit of 3 (8 dropped at once) or 8 (3 dropped)
    for (int limit : new int[] {3, 8}) {
      AttributionWindows windows =
          AttributionWindows.of(
              AdstreamConfig.withOverrides(
                  "{\"state\":{\"maxConversionsPerUser\":" + limit + "}}"));
      Map<String, UserState.CreditedConversion> stored = new HashMap<>();
      for (int i = 0; i < 10; i++) { // two conversions a second: their ids break the tie
        stored.put(
            id(i), new UserState.CreditedConversion(START.plusSeconds(i / 2), 1, Optional.empty()));
      }

      UserState user =
          new UserState(Map.of(), stored, Activity.NONE)
              .after(conversion(10), unattributed(), windows);

      assertThat(user.conversions().keySet())
          .as("limit %d", limit)
          .containsExactlyInAnyOrderElementsOf(
              IntStream.rangeClosed(10 - limit + 1, 10).mapToObj(UserStateLimitsTest::id).toList());
    }
  }

  private static io.adstream.event.Conversion conversion(int i) {
    return TestEvents.conversion(
        id(i), Optional.empty(), "usr-placeholder", START.plusSeconds(i), 1);
  }

  private static Decision.ConversionDecision unattributed() {
    return new Decision.ConversionDecision(false, new ConversionJoin.Unattributed());
  }

  private static String id(int i) {
    return String.format("cnv-%05d", i);
  }
}
