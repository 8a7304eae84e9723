package io.adstream.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adstream.observability.BatchMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What every record came to, summed over the job: kept in Flink state, so that a restart from a
 * checkpoint rolls it back with everything else, and published on the totals topic after each
 * record.
 */
public record RunTotals(
    long received,
    long accepted,
    long duplicates,
    long quarantined,
    SortedMap<String, Long> quarantinedByReason,
    long late,
    long joinsAttributed,
    long joinsOrphan,
    long conversionsUnattributed,
    long invalidClicks,
    SortedMap<String, Long> alertsByRule) {
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final RunTotals ZERO =
      new RunTotals(0, 0, 0, 0, new TreeMap<>(), 0, 0, 0, 0, 0, new TreeMap<>());

  public RunTotals {
    quarantinedByReason =
        java.util.Collections.unmodifiableSortedMap(new TreeMap<>(quarantinedByReason));
    alertsByRule = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(alertsByRule));
  }

  public RunTotals plus(BatchMetrics batch) {
    TreeMap<String, Long> reasons = new TreeMap<>(quarantinedByReason);
    batch.quarantinedByReason().forEach((reason, n) -> reasons.merge(reason, (long) n, Long::sum));
    TreeMap<String, Long> alerts = new TreeMap<>(alertsByRule);
    batch.alertsPublishedByRule().forEach((rule, n) -> alerts.merge(rule, (long) n, Long::sum));
    return new RunTotals(
        received + batch.received(),
        accepted + batch.accepted(),
        duplicates + batch.duplicates(),
        quarantined + batch.quarantined(),
        reasons,
        late + batch.late(),
        joinsAttributed + batch.joinsAttributed(),
        joinsOrphan + batch.joinsOrphan(),
        conversionsUnattributed + batch.conversionsUnattributed(),
        invalidClicks + batch.invalidClicks(),
        alerts);
  }

  public String toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("received", received);
    node.put("accepted", accepted);
    node.put("duplicates", duplicates);
    node.put("quarantined", quarantined);
    ObjectNode reasons = node.putObject("quarantined_by_reason");
    quarantinedByReason.forEach(reasons::put);
    node.put("late", late);
    node.put("joins_attributed", joinsAttributed);
    node.put("joins_orphan", joinsOrphan);
    node.put("conversions_unattributed", conversionsUnattributed);
    node.put("invalid_clicks", invalidClicks);
    ObjectNode alerts = node.putObject("alerts_by_rule");
    alertsByRule.forEach(alerts::put);
    return node.toString();
  }

  public static RunTotals fromJson(String json) {
    try {
      JsonNode node = JSON.readTree(json);
      return new RunTotals(
          node.get("received").asLong(),
          node.get("accepted").asLong(),
          node.get("duplicates").asLong(),
          node.get("quarantined").asLong(),
          counts(node.get("quarantined_by_reason")),
          node.get("late").asLong(),
          node.get("joins_attributed").asLong(),
          node.get("joins_orphan").asLong(),
          node.get("conversions_unattributed").asLong(),
          node.get("invalid_clicks").asLong(),
          counts(node.get("alerts_by_rule")));
    } catch (IOException e) {
      throw new UncheckedIOException("run totals that are not JSON", e);
    }
  }

  private static SortedMap<String, Long> counts(JsonNode node) {
    TreeMap<String, Long> counts = new TreeMap<>();
    node.properties().forEach(field -> counts.put(field.getKey(), field.getValue().asLong()));
    return counts;
  }

  public boolean conserved() {
    return received == accepted + duplicates + quarantined;
  }

  /**
   * The outcome lines of {@code adstream local}'s summary, in its words and layout, for these
   * totals and the {@code put} records: outcomes, reasons, joins, alerts, conservation (nothing
   * parks in the job: 0 parked). Before the conservation line, {@code extra} lines of the caller's
   * (label, text).
   */
  public String summary(long put, Map<String, String> extra) {
    StringBuilder text = new StringBuilder();
    line(
        text,
        "outcomes",
        String.format(
            java.util.Locale.ROOT,
            "%,d accepted, %,d duplicates, %,d quarantined, 0 parked",
            accepted,
            duplicates,
            quarantined));
    if (!quarantinedByReason.isEmpty()) {
      line(text, "reasons", joined(quarantinedByReason));
    }
    line(
        text,
        "joins",
        String.format(
            java.util.Locale.ROOT,
            "%,d attributed, %,d orphan clicks, %,d conversions unattributed; %,d late events, %,d invalid clicks",
            joinsAttributed,
            joinsOrphan,
            conversionsUnattributed,
            late,
            invalidClicks));
    line(text, "alerts", alertsByRule.isEmpty() ? "none" : joined(alertsByRule));
    extra.forEach((label, value) -> line(text, label, value));
    boolean holds = conserved() && received == put;
    line(
        text,
        "conservation",
        String.format(
            java.util.Locale.ROOT,
            "%s: %,d put = %,d accepted + %,d duplicates + %,d quarantined + 0 parked",
            holds ? "holds" : "BROKEN",
            put,
            accepted,
            duplicates,
            quarantined));
    return text.toString();
  }

  private static String joined(Map<String, Long> counts) {
    StringBuilder text = new StringBuilder();
    counts.forEach(
        (name, n) ->
            text.append(text.isEmpty() ? "" : ", ")
                .append(name)
                .append(' ')
                .append(String.format(java.util.Locale.ROOT, "%,d", n)));
    return text.toString();
  }

  private static void line(StringBuilder text, String label, String value) {
    // adstream local's label width for these lines
    text.append(String.format(java.util.Locale.ROOT, "  %-12s %s%n", label, value));
  }
}
