package io.adstream.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adstream.reconcile.Reconciliation.CampaignDrift;
import io.adstream.reconcile.Reconciliation.MetricDrift;
import io.adstream.reconcile.Reconciliation.Status;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A reconciliation for machines (JSON) and for people (Markdown; HTML with a chart of drift per
 * campaign). Money shows in currency units with six decimals; JSON keeps integer micros.
 */
public final class ReconciliationReport {
  /** The chart shows the campaigns that drift most; a table of 10,000 bars helps nobody. */
  static final int CHART_CAMPAIGNS = 40;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Reconciliation result;

  public ReconciliationReport(Reconciliation result) {
    this.result = result;
  }

  public String json() {
    ObjectNode root = JSON.createObjectNode();
    root.putObject("range")
        .put("from", result.range().from().toString())
        .put("to", result.range().to().toString());
    root.put("reconciled_at", result.reconciledAt().toString());
    root.put("grace", result.grace().toString());
    root.put("settled", result.settled());
    root.put("failed", result.failed());
    root.put("batch_source", result.batchSource());
    root.put("streaming_source", result.streamingSource());
    ObjectNode tolerances = root.putObject("tolerances");
    for (Metric metric : Metric.values()) {
      Tolerance t = result.tolerances().of(metric);
      tolerances
          .putObject(metric.key())
          .put("absolute", t.absolute())
          .put("relative", t.relative());
    }
    ObjectNode summary = root.putObject("summary");
    summary.put("campaigns", result.campaigns().size());
    for (Status status : Status.values()) {
      summary.put(status.name().toLowerCase(Locale.ROOT), result.count(status));
    }
    summary.put("outside_tolerance", result.campaignsOutsideTolerance());
    ObjectNode totals = summary.putObject("total_difference");
    result.totalDifference().forEach((metric, diff) -> totals.put(metric.key(), diff));
    ArrayNode campaigns = root.putArray("campaigns");
    for (CampaignDrift campaign : result.campaigns()) {
      ObjectNode c = campaigns.addObject();
      c.put("campaign_id", campaign.campaignId());
      c.put("status", campaign.status().name().toLowerCase(Locale.ROOT));
      ObjectNode metrics = c.putObject("metrics");
      for (Metric metric : Metric.values()) {
        MetricDrift m = campaign.metrics().get(metric);
        ObjectNode node = metrics.putObject(metric.key());
        node.put("batch", m.batch())
            .put("streaming", m.streaming())
            .put("difference", m.difference());
        if (m.relative().isPresent()) {
          node.put("relative", m.relative().getAsDouble());
        } else {
          node.putNull("relative");
        }
        node.put("within_tolerance", m.withinTolerance());
      }
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# Reconciliation ").append(result.range()).append("\n\n");
    md.append(verdict()).append("\n\n");
    md.append("- batch: ").append(result.batchSource()).append('\n');
    md.append("- streaming: ").append(result.streamingSource()).append('\n');
    md.append("- reconciled at ")
        .append(result.reconciledAt())
        .append(", grace ")
        .append(result.grace())
        .append('\n');
    md.append("- campaigns: ").append(result.campaigns().size());
    for (Status status : Status.values()) {
      md.append(", ").append(label(status)).append(' ').append(result.count(status));
    }
    md.append(
        "\n\n## Total difference (streaming - batch)\n\n| metric | difference |\n|---|---:|\n");
    result
        .totalDifference()
        .forEach(
            (metric, diff) ->
                md.append("| ")
                    .append(metric.key())
                    .append(" | ")
                    .append(value(metric, diff))
                    .append(" |\n"));
    List<CampaignDrift> differing =
        result.campaigns().stream().filter(c -> c.status() != Status.MATCH).toList();
    md.append("\n## Campaigns that differ\n\n");
    if (differing.isEmpty()) {
      md.append("None: every campaign matches on every metric.\n");
      return md.toString();
    }
    md.append(
        "| campaign | status | metric | batch | streaming | difference | relative | within tolerance |\n");
    md.append("|---|---|---|---:|---:|---:|---:|---|\n");
    for (CampaignDrift campaign : differing) {
      for (Metric metric : Metric.values()) {
        MetricDrift m = campaign.metrics().get(metric);
        if (m.difference() == 0) {
          continue;
        }
        md.append("| ")
            .append(campaign.campaignId().replace("|", "\\|"))
            .append(" | ")
            .append(label(campaign.status()))
            .append(" | ")
            .append(metric.key())
            .append(" | ")
            .append(value(metric, m.batch()))
            .append(" | ")
            .append(value(metric, m.streaming()))
            .append(" | ")
            .append(value(metric, m.difference()))
            .append(" | ")
            .append(relative(m))
            .append(" | ")
            .append(m.withinTolerance() ? "yes" : "**no**")
            .append(" |\n");
      }
    }
    return md.toString();
  }

  public String html() {
    StringBuilder html = new StringBuilder();
    html.append(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Reconciliation ")
        .append(escape(result.range().toString()))
        .append("</title>\n<style>")
        .append(
            "body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}")
        .append(
            "td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}td:first-child,th:first-child{text-align:left}")
        .append(".bad{color:#b00020;font-weight:bold}</style></head><body>\n");
    html.append("<h1>Reconciliation ").append(escape(result.range().toString())).append("</h1>\n");
    html.append("<p class=\"")
        .append(result.failed() ? "bad" : "")
        .append("\">")
        .append(escape(verdict()))
        .append("</p>\n");
    html.append("<p>batch: ")
        .append(escape(result.batchSource()))
        .append("<br>streaming: ")
        .append(escape(result.streamingSource()))
        .append("</p>\n");
    html.append("<h2>Drift per campaign</h2>\n").append(chart());
    html.append("<h2>Campaigns</h2>\n<table><tr><th>campaign</th><th>status</th>");
    for (Metric metric : Metric.values()) {
      html.append("<th>")
          .append(metric.key())
          .append(" batch</th><th>")
          .append(metric.key())
          .append(" diff</th>");
    }
    html.append("</tr>\n");
    for (CampaignDrift campaign : result.campaigns()) {
      html.append("<tr><td>")
          .append(escape(campaign.campaignId()))
          .append("</td><td")
          .append(campaign.status().outsideTolerance() ? " class=\"bad\"" : "")
          .append(">")
          .append(label(campaign.status()))
          .append("</td>");
      for (Metric metric : Metric.values()) {
        MetricDrift m = campaign.metrics().get(metric);
        html.append("<td>")
            .append(value(metric, m.batch()))
            .append("</td><td")
            .append(m.withinTolerance() ? "" : " class=\"bad\"")
            .append(">")
            .append(value(metric, m.difference()))
            .append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</table>\n</body></html>\n");
    return html.toString();
  }

  /**
   * A horizontal bar per campaign: its largest relative drift, red when outside tolerance. Inline
   * SVG.
   */
  private String chart() {
    List<CampaignDrift> shown =
        result.campaigns().stream()
            .filter(c -> c.status() != Status.MATCH)
            .sorted(
                Comparator.comparingDouble(CampaignDrift::maxRelativeDrift)
                    .reversed()
                    .thenComparing(CampaignDrift::campaignId))
            .limit(CHART_CAMPAIGNS)
            .toList();
    if (shown.isEmpty()) {
      return "<p>No campaign drifts.</p>\n";
    }
    double max = Math.max(shown.get(0).maxRelativeDrift(), 1e-9);
    int barHeight = 18;
    int labelWidth = 220;
    int barWidth = 500;
    StringBuilder svg = new StringBuilder();
    svg.append(
            String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"largest relative drift per campaign\">",
                labelWidth + barWidth + 120,
                shown.size() * barHeight + 10))
        .append('\n');
    for (int i = 0; i < shown.size(); i++) {
      CampaignDrift c = shown.get(i);
      int y = i * barHeight + 5;
      int width = (int) Math.max(1, Math.round(c.maxRelativeDrift() / max * barWidth));
      svg.append(
              String.format(
                  Locale.ROOT,
                  "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\">%s</text>"
                      + "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>%s</title></rect>"
                      + "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>",
                  labelWidth - 6,
                  y + 13,
                  escape(c.campaignId()),
                  labelWidth,
                  y + 2,
                  width,
                  barHeight - 4,
                  c.status().outsideTolerance() ? "#d32f2f" : "#f9a825",
                  escape(label(c.status())),
                  labelWidth + width + 6,
                  y + 13,
                  percent(c.maxRelativeDrift())))
          .append('\n');
    }
    return svg.append("</svg>\n").toString();
  }

  private String verdict() {
    long outside = result.campaignsOutsideTolerance();
    if (outside == 0) {
      return "Within tolerance: "
          + result.campaigns().size()
          + " campaigns, "
          + result.count(Status.MATCH)
          + " match exactly.";
    }
    return (result.settled()
            ? "OUTSIDE TOLERANCE: "
            : "Provisional (the range ended less than the grace period ago): ")
        + outside
        + " of "
        + result.campaigns().size()
        + " campaigns drift or are missing on a side.";
  }

  private static String label(Status status) {
    return status.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  private static String value(Metric metric, long value) {
    return metric.money()
        ? String.format(Locale.ROOT, "%,.6f", value / 1e6)
        : String.format(Locale.ROOT, "%,d", value);
  }

  private static String relative(MetricDrift m) {
    return m.relative().isPresent() ? percent(m.relative().getAsDouble()) : "n/a";
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%+.4f%%", fraction * 100);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
