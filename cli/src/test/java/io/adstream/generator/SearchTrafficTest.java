package io.adstream.generator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The search profile looks like search and app-install traffic: clicks with no impression behind
 * them.
 */
class SearchTrafficTest {
  private static Generated hours;
  private static List<JsonNode> accepted;

  @BeforeAll
  static void generate() {
    hours =
        Generated.run(
            Generated.sampleProfile()
                .events(30_000)
                .duration(Duration.ofHours(6))
                .mix(TrafficProfile.Mix.SEARCH)
                .build());
    accepted = hours.acceptedLines().stream().map(line -> hours.json(line).orElseThrow()).toList();
  }

  @Test
  void clicksAreMostOfTheTrafficAndNoServedClickNamesAnImpression() {
    List<JsonNode> clicks = ofType("click");

    assertThat(clicks.size()).isGreaterThan(accepted.size() * 9 / 10);
    // only the planted orphan bursts (clicks whose impressions were lost) name an impression
    assertThat(clicks)
        .filteredOn(c -> c.has("impression_id"))
        .allSatisfy(c -> assertThat(c.get("campaign_id").textValue()).startsWith("cmp-orphans-"));
  }

  @Test
  void aFewPercentOfClicksConvertWithAndWithoutTheirClickId() {
    List<JsonNode> conversions = ofType("conversion");
    long withClickId = conversions.stream().filter(c -> c.has("click_id")).count();

    assertThat((double) conversions.size() / ofType("click").size()).isBetween(0.01, 0.06);
    assertThat(withClickId).isBetween(conversions.size() / 2L, conversions.size() * 9L / 10);
  }

  @Test
  void usersClickManyTimesEach() {
    Map<String, Long> clicksPerUser =
        ofType("click").stream()
            .collect(
                Collectors.groupingBy(c -> c.get("user_id").textValue(), Collectors.counting()));

    assertThat((double) ofType("click").size() / clicksPerUser.size()).isGreaterThan(5);
  }

  @Test
  void untrackedTrafficRaisesNoOrphanClickAlert() {
    assertThat(hours.truth().alerts())
        .noneSatisfy(
            a -> assertThat(a.rule()).isEqualTo("orphan_clicks").as("campaign %s", a.subject()));
  }

  private static List<JsonNode> ofType(String type) {
    return accepted.stream().filter(e -> type.equals(e.path("event_type").textValue())).toList();
  }
}
