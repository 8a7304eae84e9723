package io.adstream.flink;

import io.adstream.aggregation.CampaignMinute;
import io.adstream.aggregation.Measures;
import io.adstream.config.AdstreamConfig;
import io.adstream.generator.CrawlerList;
import io.adstream.generator.ExpectedAlert;
import io.adstream.generator.GeneratedTraffic;
import io.adstream.generator.TrafficGenerator;
import io.adstream.generator.TrafficProfile;
import io.adstream.generator.truth.GroundTruth;
import io.adstream.generator.truth.TruthEvaluator;
import io.adstream.local.harness.PartitionKeyFunction;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One seed's generated traffic (duplicates, id conflicts, disorder, late and malformed records,
 * floods, crawlers, injections) with its ground truth, in the terms {@link
 * io.adstream.flink.local.PipelineOutputs} speaks. The traffic starts at {@code start}, 3 hours ago
 * to the minute unless {@code -Dadstream.test.start} names it: failures name it, to be replayed.
 */
record SeededRun(
    long seed,
    TrafficProfile.Mix mix,
    AdstreamConfig config,
    String configOverrides,
    GeneratedTraffic traffic,
    GroundTruth truth,
    Instant start) {
  static final Set<String> PER_EVENT_RULES =
      Set.of(ExpectedAlert.CLICK_FLOOD, ExpectedAlert.BOT_CLICK, ExpectedAlert.CLICK_INJECTION);

  static SeededRun of(long seed, int events) {
    return of(seed, events, TrafficProfile.Mix.DISPLAY);
  }

  /**
   * @param mix display (impressions, few clicks) or search (clicks without impression ids, many per
   *     user)
   */
  static SeededRun of(long seed, int events, TrafficProfile.Mix mix) {
    String overrides =
        "{\"prefix\":\"f" + seed + "x" + Long.toHexString(System.nanoTime() & 0xffffff) + "\"}";
    AdstreamConfig config = AdstreamConfig.withOverrides(overrides);
    // the traffic depends on its start minute: -Dadstream.test.start=<instant> replays a failure
    Instant start =
        Optional.ofNullable(System.getProperty("adstream.test.start"))
            .map(Instant::parse)
            .orElseGet(
                () -> Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES));
    TrafficProfile profile =
        TrafficProfile.builder()
            .seed(seed)
            .events(events)
            .start(start)
            .duration(Duration.ofHours(2))
            .clickFloods(2)
            .mix(mix)
            .config(config)
            .build();
    GeneratedTraffic traffic = TrafficGenerator.builder().profile(profile).build().generate();
    GroundTruth truth =
        TruthEvaluator.builder()
            .config(config)
            .processingTime(profile.end())
            .crawlers(CrawlerList.load())
            .build()
            .evaluate(traffic.lines());
    return new SeededRun(seed, mix, config, overrides, traffic, truth, start);
  }

  /** The lines keyed as producers key them: a user token, or the campaign. */
  List<Map.Entry<String, byte[]>> keyedLines() {
    PartitionKeyFunction keys = PartitionKeyFunction.producers();
    List<Map.Entry<String, byte[]>> keyed = new ArrayList<>();
    traffic
        .lines()
        .forEach(
            line ->
                keyed.add(new AbstractMap.SimpleImmutableEntry<>(keys.partitionKey(line), line)));
    return keyed;
  }

  SortedMap<CampaignMinute, Measures> expectedAggregates() {
    TreeMap<CampaignMinute, Measures> expected = new TreeMap<>();
    for (GroundTruth.CampaignMinute m : truth.campaignMinutes()) {
      Measures measures =
          new Measures(
              m.impressions(),
              m.clicks(),
              m.invalidClicks(),
              m.costMicros(),
              m.conversions(),
              m.conversionValueMicros(),
              m.duplicates(),
              m.orphanClicks());
      if (!measures.isZero()) {
        expected.put(CampaignMinute.of(m.campaignId(), m.minute()), measures);
      }
    }
    return expected;
  }

  SortedMap<String, String> expectedClicks() {
    TreeMap<String, String> clicks = new TreeMap<>();
    truth
        .clicks()
        .forEach(c -> clicks.put(c.clickId(), c.outcome().name().toLowerCase(Locale.ROOT)));
    return clicks;
  }

  SortedMap<String, String> expectedConversions() {
    TreeMap<String, String> conversions = new TreeMap<>();
    truth
        .conversions()
        .forEach(
            c -> conversions.put(c.conversionId(), c.outcome().name().toLowerCase(Locale.ROOT)));
    return conversions;
  }

  /**
   * Per-event alerts by rule and window: their subjects are raw ids in the truth, tokens in the
   * pipeline.
   */
  SortedMap<String, Integer> expectedPerEventAlerts() {
    TreeMap<String, Integer> alerts = new TreeMap<>();
    truth.alerts().stream()
        .filter(a -> PER_EVENT_RULES.contains(a.rule()))
        .forEach(a -> alerts.merge(a.rule() + "|" + a.minute().toEpochMilli(), 1, Integer::sum));
    return alerts;
  }

  static SortedMap<String, Integer> perEventAlerts(Iterable<String> alertIds) {
    TreeMap<String, Integer> alerts = new TreeMap<>();
    for (String id : alertIds) {
      String[] parts = id.split("\\|");
      if (PER_EVENT_RULES.contains(parts[0])) {
        alerts.merge(parts[0] + "|" + parts[parts.length - 1], 1, Integer::sum);
      }
    }
    return alerts;
  }
}
