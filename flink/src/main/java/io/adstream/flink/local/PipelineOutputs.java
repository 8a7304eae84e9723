package io.adstream.flink.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adstream.aggregation.CampaignMinute;
import io.adstream.aggregation.Measures;
import io.adstream.aggregation.MinuteBucket;
import io.adstream.aggregation.aws.MinuteBucketMapping;
import io.adstream.config.AdstreamConfig;
import io.adstream.config.TableSpec;
import io.adstream.flink.state.ItemJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a pipeline run produced, in the terms the ground truth speaks: minute aggregates summed over
 * buckets and shards, each click's and conversion's final join outcome, alert ids, and the enriched
 * records by stream position (to find one landed twice).
 *
 * @param enrichedPositions landed enriched lines per {@code shard/sequence}: 1 for each, if nothing
 *     doubled
 */
public record PipelineOutputs(
    SortedMap<CampaignMinute, Measures> aggregates,
    SortedMap<String, String> clickOutcomes,
    SortedMap<String, String> conversionOutcomes,
    SortedSet<String> alertIds,
    SortedMap<String, Integer> enrichedPositions) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param aggregates the minute aggregates as a reader sums them
   * @param attribution attribution/ lines
   * @param enriched enriched/ lines
   */
  public static PipelineOutputs of(
      Map<CampaignMinute, Measures> aggregates,
      List<byte[]> attribution,
      List<byte[]> enriched,
      Iterable<String> alertIds) {
    TreeMap<String, String> clicks = new TreeMap<>();
    TreeMap<String, String> conversions = new TreeMap<>();
    for (byte[] line : attribution) {
      JsonNode node = json(line);
      String outcome = node.path("outcome").asText();
      switch (node.get("event_type").asText()) {
        // the log is append-only: a click parked as pending and joined later says so in a later
        // line
        case "click_attribution" ->
            clicks.merge(
                node.get("click_id").asText(),
                outcome.equals("pending") ? "orphan" : outcome,
                PipelineOutputs::attributedWins);
        // likewise a conversion parked as pending on its click_id: a later line reports it once
        // the click arrives; one still pending at the end never found its click, which
        // docs/semantics.md calls unattributed (its click may have been quarantined)
        case "conversion_attribution" ->
            conversions.merge(
                node.get("conversion_id").asText(),
                outcome.equals("pending") ? "unattributed" : outcome,
                PipelineOutputs::attributedWins);
        default -> {}
      }
    }
    TreeMap<String, Integer> positions = new TreeMap<>();
    for (byte[] line : enriched) {
      JsonNode node = json(line);
      positions.merge(
          node.get("shard_id").asText() + "/" + node.get("sequence_number").asText(),
          1,
          Integer::sum);
    }
    TreeSet<String> alerts = new TreeSet<>();
    alertIds.forEach(alerts::add);
    TreeMap<CampaignMinute, Measures> nonZero = new TreeMap<>(aggregates);
    nonZero.values().removeIf(Measures::isZero);
    return new PipelineOutputs(nonZero, clicks, conversions, alerts, positions);
  }

  /**
   * The minute aggregates in the serving-state changelog (messages keyed {@code table|pk|sk}): the
   * last item written per key stands, and a reader sums a campaign minute over buckets and shards.
   */
  public static Map<CampaignMinute, Measures> aggregates(
      AdstreamConfig config, List<Map.Entry<String, byte[]>> changelog) {
    var mapping = new MinuteBucketMapping(config);
    String table = config.names().aggregatesTable() + "|";
    Map<String, Map<String, AttributeValue>> latest = new HashMap<>();
    for (Map.Entry<String, byte[]> message : changelog) {
      if (message.getKey().startsWith(table)) {
        Map<String, AttributeValue> item =
            ItemJson.read(new String(message.getValue(), java.nio.charset.StandardCharsets.UTF_8));
        // the hour items beside them roll the same minutes up: counted once, as minutes
        if (MinuteBucketMapping.isMinuteItem(item)) {
          latest.put(message.getKey(), item);
        }
      }
    }
    TreeMap<CampaignMinute, Measures> aggregates = new TreeMap<>();
    for (Map<String, AttributeValue> item : latest.values()) {
      String sortKey = item.get(TableSpec.SORT_KEY).s();
      long epochMinute = Long.parseLong(sortKey.substring(0, sortKey.indexOf('#')));
      MinuteBucket bucket = mapping.decode(item);
      bucket
          .byCampaign()
          .forEach(
              (campaign, m) ->
                  aggregates.merge(new CampaignMinute(campaign, epochMinute), m, Measures::plus));
    }
    return aggregates;
  }

  private static String attributedWins(String a, String b) {
    return a.equals("attributed") || b.equals("attributed") ? "attributed" : b;
  }

  private static JsonNode json(byte[] line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException("an output line that is not JSON", e);
    }
  }
}
