package io.adstream.generator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A day of default traffic looks like ad traffic to someone who knows ad traffic. */
class RealisticTrafficTest {
  private static Generated day;
  private static List<JsonNode> accepted;

  @BeforeAll
  static void generateADay() {
    day =
        Generated.run(
            Generated.sampleProfile().events(80_000).duration(Duration.ofDays(1)).build());
    accepted = day.acceptedLines().stream().map(line -> day.json(line).orElseThrow()).toList();
  }

  @Test
  void aboutOneToTwoPercentOfImpressionsAreClicked() {
    double ctr = (double) ofType("click").size() / ofType("impression").size();

    assertThat(ctr).isBetween(0.008, 0.025);
  }

  @Test
  void campaignPopularityIsSkewedLikeZipf() {
    List<Long> impressions =
        ofType("impression").stream()
            .collect(
                Collectors.groupingBy(e -> e.get("campaign_id").textValue(), Collectors.counting()))
            .values()
            .stream()
            .sorted(Collections.reverseOrder())
            .toList();

    assertThat(impressions.get(0)).isGreaterThan(ofType("impression").size() / 7);
    assertThat(impressions.get(0)).isGreaterThan(10 * impressions.get(impressions.size() / 2));
  }

  @Test
  void trafficFollowsTheTimeOfDay() {
    Map<Long, Long> perHour =
        ofType("impression").stream()
            .collect(
                Collectors.groupingBy(
                    e -> Generated.eventTime(e) / 3_600_000 % 24,
                    TreeMap::new,
                    Collectors.counting()));

    assertThat(perHour).hasSize(24);
    assertThat(Collections.max(perHour.values()))
        .isGreaterThan(2 * Collections.min(perHour.values()));
  }

  @Test
  void conversionsAreAFewPercentOfClicksMostNamingTheirClickAfterSecondsToHours() {
    List<JsonNode> conversions = ofType("conversion");
    Map<String, Long> clickTimes =
        ofType("click").stream()
            .collect(Collectors.toMap(c -> c.get("click_id").textValue(), Generated::eventTime));
    List<Long> delays = new ArrayList<>();
    conversions.stream()
        .filter(c -> c.has("click_id") && clickTimes.containsKey(c.get("click_id").textValue()))
        .forEach(
            c ->
                delays.add(Generated.eventTime(c) - clickTimes.get(c.get("click_id").textValue())));
    Collections.sort(delays);

    assertThat((double) conversions.size() / ofType("click").size()).isBetween(0.01, 0.06);
    assertThat(conversions.stream().filter(c -> c.has("click_id")).count())
        .isGreaterThan(conversions.size() * 7 / 10);
    assertThat(conversions).anySatisfy(c -> assertThat(c.has("click_id")).isFalse());
    assertThat(delays.get(0)).as("fastest").isLessThan(Duration.ofMinutes(5).toMillis());
    assertThat(delays.get(delays.size() / 2))
        .as("median")
        .isLessThan(Duration.ofHours(3).toMillis());
    assertThat(delays.get(delays.size() - 1))
        .as("slowest")
        .isGreaterThan(Duration.ofHours(6).toMillis());
  }

  @Test
  void eachCampaignStartsWithItsSettingsAndSomeChangeDuringTheDay() {
    List<JsonNode> updates = ofType("campaign_update");
    Set<String> announced =
        updates.stream()
            .filter(u -> Generated.eventTime(u) < day.profile().start().toEpochMilli() + 1_000)
            .map(u -> u.get("campaign_id").textValue())
            .collect(Collectors.toSet());
    Map<String, Set<String>> currencies = new HashMap<>();
    ofType("impression")
        .forEach(
            i ->
                currencies
                    .computeIfAbsent(
                        i.get("campaign_id").textValue(), c -> new java.util.HashSet<>())
                    .add(i.get("currency").textValue()));

    assertThat(announced).containsAll(currencies.keySet());
    assertThat(updates.size()).isGreaterThan(announced.size());
    assertThat(updates)
        .anySatisfy(u -> assertThat(u.get("status").textValue()).isEqualTo("paused"));
    assertThat(currencies.values()).allSatisfy(c -> assertThat(c).hasSize(1));
    assertThat(currencies.values().stream().flatMap(Set::stream).collect(Collectors.toSet()))
        .contains("USD", "EUR");
  }

  @Test
  void personalDataIsFakeByConstruction() {
    assertThat(ofType("conversion"))
        .allSatisfy(c -> assertThat(c.get("email").textValue()).endsWith("@example.com"));
    assertThat(accepted)
        .filteredOn(e -> e.has("ip"))
        .allSatisfy(
            e ->
                assertThat(e.get("ip").textValue())
                    .matches(
                        "(192\\.0\\.2|198\\.51\\.100|203\\.0\\.113)\\.\\d{1,3}|2001:db8:[0-9a-f:]+"));
    Set<String> ips =
        accepted.stream()
            .filter(e -> e.has("ip"))
            .map(e -> e.get("ip").textValue())
            .collect(Collectors.toSet());
    assertThat(ips.stream().filter(ip -> ip.contains(":")).count())
        .as("IPv6 addresses")
        .isGreaterThan(100);
    assertThat(ips.stream().filter(ip -> ip.contains(".")).count())
        .as("IPv4 hosts")
        .isGreaterThan(500);
  }

  @Test
  void eventTimesComeInBothContractFormats() {
    List<JsonNode> times = accepted.stream().map(e -> e.get("event_time")).toList();

    assertThat(times).anySatisfy(t -> assertThat(t.isIntegralNumber()).isTrue());
    assertThat(times)
        .filteredOn(JsonNode::isTextual)
        .isNotEmpty()
        .allSatisfy(
            t ->
                assertThat(t.textValue())
                    .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
  }

  private static List<JsonNode> ofType(String type) {
    return accepted.stream().filter(e -> e.get("event_type").textValue().equals(type)).toList();
  }
}
