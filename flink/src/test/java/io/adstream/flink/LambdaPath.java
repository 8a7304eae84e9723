package io.adstream.flink;

import io.adstream.aggregation.CampaignMinute;
import io.adstream.aggregation.Measures;
import io.adstream.aggregation.MinuteBucket;
import io.adstream.aggregation.MinuteBucketKey;
import io.adstream.alerts.Alert;
import io.adstream.alerts.CrawlerUserAgents;
import io.adstream.config.AdstreamConfig;
import io.adstream.flink.local.PipelineOutputs;
import io.adstream.landing.LakeDestination;
import io.adstream.pii.PiiKeyProvider;
import io.adstream.processing.BatchProcessor;
import io.adstream.processing.StatefulStage;
import io.adstream.stream.SourceRecord;
import io.adstream.testing.InMemoryCampaignStore;
import io.adstream.testing.InMemoryClaimStore;
import io.adstream.testing.InMemoryVersionedStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Lambda processing path without an emulator: the processor Lambda's {@link BatchProcessor} and
 * {@link StatefulStage} on in-memory stores with DynamoDB's conditional-write semantics, fed as the
 * event source mapping feeds it: each shard (here: partition) in batches of 100, shards taking
 * turns.
 */
final class LambdaPath {
  private static final int BATCH_SIZE = 100;

  private LambdaPath() {}

  static PipelineOutputs run(
      AdstreamConfig config, PiiKeyProvider keys, Map<String, List<SourceRecord>> byShard) {
    InMemoryVersionedStore<MinuteBucketKey, MinuteBucket> aggregates =
        new InMemoryVersionedStore<>();
    Clock clock = Clock.systemUTC();
    StatefulStage stage =
        StatefulStage.builder()
            .config(config)
            .claims(new InMemoryClaimStore())
            .aggregates(aggregates)
            .hours(new InMemoryVersionedStore<>())
            .devices(new InMemoryVersionedStore<>())
            .users(new InMemoryVersionedStore<>())
            .floods(new InMemoryVersionedStore<>())
            .sources(new InMemoryVersionedStore<>())
            .campaigns(new InMemoryCampaignStore())
            .userAgents(CrawlerUserAgents.load())
            .clock(clock)
            .build();
    List<byte[]> attribution = new ArrayList<>();
    List<byte[]> enriched = new ArrayList<>();
    Set<String> published = new LinkedHashSet<>();
    BatchProcessor processor =
        BatchProcessor.withCore(config, keys)
            .clock(clock)
            .stage(stage)
            .landing(
                lines -> {
                  attribution.addAll(lines.getOrDefault(LakeDestination.ATTRIBUTION, List.of()));
                  enriched.addAll(lines.getOrDefault(LakeDestination.ENRICHED, List.of()));
                })
            .metrics(batch -> {})
            .alerts(
                raised -> {
                  List<Alert> fresh = new ArrayList<>();
                  raised.stream().filter(a -> published.add(a.id())).forEach(fresh::add);
                  return fresh;
                })
            .build();
    boolean more = true;
    for (int from = 0; more; from += BATCH_SIZE) {
      more = false;
      for (List<SourceRecord> shard : byShard.values()) {
        if (from < shard.size()) {
          BatchProcessor.Report report =
              processor.process(shard.subList(from, Math.min(shard.size(), from + BATCH_SIZE)));
          if (report.firstFailedSequence().isPresent()) {
            throw new IllegalStateException(
                "a batch did not commit in memory: " + report.failure());
          }
          more = true;
        }
      }
    }
    Map<CampaignMinute, Measures> totals = new TreeMap<>();
    aggregates
        .snapshot()
        .forEach(
            (key, item) ->
                item.value()
                    .byCampaign()
                    .forEach(
                        (campaign, m) ->
                            totals.merge(
                                new CampaignMinute(campaign, key.epochMinute()),
                                m,
                                Measures::plus)));
    return PipelineOutputs.of(totals, attribution, enriched, published);
  }
}
