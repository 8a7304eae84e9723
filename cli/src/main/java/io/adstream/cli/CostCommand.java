package io.adstream.cli;

import io.adstream.config.AdstreamConfig;
import io.adstream.migration.cost.CostModel;
import io.adstream.migration.cost.CostModel.Estimate;
import io.adstream.migration.cost.CostModel.Line;
import io.adstream.migration.cost.MeasuredUsage;
import io.adstream.migration.cost.PriceTable;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code adstream cost}: the monthly cost of the pipeline at a daily volume, with its arithmetic.
 */
@Command(
    name = "cost",
    sortOptions = false,
    mixinStandardHelpOptions = true,
    description = {
      "Estimates the pipeline's monthly cost for a daily volume and event mix: Kinesis on-demand and provisioned,"
          + " Lambda arm64 GB-seconds, DynamoDB request units, Firehose (5 KB rounding, packing), S3, SNS,"
          + " CloudWatch, KMS; from per-event use measured on a local run and a price table with region, date and"
          + " source. Shows the arithmetic of every line and compares with the batch job's Glue cost."
    })
final class CostCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--events-per-day",
      required = true,
      converter = OptionConverters.Count.class,
      description = "Records received per day, e.g. 10M.")
  int eventsPerDay;

  @Option(
      names = "--mix",
      paramLabel = "TYPE=SHARE",
      description =
          "Share of each event type (impression, click, conversion, campaign_update, sem_stats),"
              + " e.g. --mix impression=0.9 --mix click=0.08 (default: each mix the measurement ran on).")
  Map<String, Double> mix = new LinkedHashMap<>();

  @Option(
      names = "--peak-to-average",
      defaultValue = "3",
      description =
          "Peak throughput over the daily average, for provisioned shards (default: ${DEFAULT-VALUE}).")
  double peakToAverage;

  @Option(
      names = "--records-per-invocation",
      description =
          "Records per processor invocation (default: measured; in AWS under load batches are fuller).")
  Optional<Double> recordsPerInvocation;

  @Option(
      names = "--alerts-per-day",
      defaultValue = "1000",
      description = "Alerts published (default: ${DEFAULT-VALUE}).")
  long alertsPerDay;

  @Option(
      names = "--glue-dpu-hours",
      paramLabel = "DPU_HOURS",
      description =
          "The batch job's DPU-hours per daily run, to compare with (e.g. 10 workers × 0.5 h = 5).")
  Optional<Double> glueDpuHours;

  @Option(
      names = "--prices",
      paramLabel = "FILE",
      description = "Price table JSON (default: the shipped us-east-1 table).")
  Optional<Path> prices;

  @Option(
      names = "--measured",
      paramLabel = "FILE",
      description = "Measured per-event use JSON (default: the shipped measurement).")
  Optional<Path> measured;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "JSON overrides of the configuration (memory, landing, retention).")
  Optional<Path> config;

  /**
   * Metrics, alarms, keys of the deployed stack: the CDK app's Observability, Keys and
   * Reconciliation constructs.
   */
  static final int ALARMS = 10;

  static final int KMS_KEYS = 5;
  static final long KMS_REQUESTS_PER_DAY = 50_000;

  @Override
  public Integer call() throws Exception {
    AdstreamConfig adstreamConfig = MigrationOptions.config(spec, config);
    PriceTable table = prices.isPresent() ? PriceTable.read(prices.get()) : PriceTable.defaults();
    MeasuredUsage usage =
        measured.isPresent() ? MeasuredUsage.read(measured.get()) : MeasuredUsage.defaults();
    CostModel model = new CostModel(adstreamConfig, table, usage);
    // the given mix, else every mix the measurement ran on
    Map<String, Map<String, Double>> mixes = new java.util.TreeMap<>();
    if (mix.isEmpty()) {
      usage.mixes().forEach((name, measuredMix) -> mixes.put(name, measuredMix.shares()));
    } else {
      mixes.put("given", mix);
    }
    Map<String, Estimate> estimates = new java.util.TreeMap<>();
    try {
      mixes.forEach(
          (name, shares) ->
              estimates.put(
                  name,
                  model.estimate(
                      new CostModel.Inputs(
                          eventsPerDay,
                          shares,
                          peakToAverage,
                          recordsPerInvocation,
                          alertsPerDay,
                          ALARMS,
                          KMS_KEYS,
                          KMS_REQUESTS_PER_DAY,
                          glueDpuHours))));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    estimates.forEach(
        (name, estimate) -> {
          out.printf(Locale.ROOT, "==== %s mix ====%n", name);
          print(out, estimate);
          out.println();
        });
    out.println("Summary (USD/month)");
    estimates.forEach(
        (name, e) ->
            out.printf(
                Locale.ROOT,
                "  %-8s %.3f write units/accepted event; streaming %,.2f (Kinesis on-demand), %,.2f (provisioned)%s%n",
                name,
                usage.writeUnitsPerAcceptedEvent(e.inputs().mix()),
                e.streamingOnDemand(),
                e.streamingProvisioned(),
                e.batch().isEmpty()
                    ? ""
                    : String.format(Locale.ROOT, "; Glue %,.2f", e.total(e.batch()))));
    out.flush();
    return 0;
  }

  static void print(PrintWriter out, Estimate e) {
    out.printf(
        Locale.ROOT,
        "adstream monthly cost at %,d events/day (%,.0f/month; a month is %.0f hours)%n",
        e.inputs().eventsPerDay(),
        e.inputs().eventsPerDay() * CostModel.DAYS_PER_MONTH,
        CostModel.HOURS_PER_MONTH);
    out.printf(
        Locale.ROOT,
        "prices: %s, %s, %s (list prices, no free tier)%n",
        e.prices().region(),
        e.prices().date(),
        e.prices().currency());
    out.printf(Locale.ROOT, "measured: %s%n", e.measured().source());
    out.printf(
        Locale.ROOT,
        "mix: %s%n%n",
        new java.util.TreeMap<>(e.inputs().mix())
            .entrySet().stream()
                .map(m -> String.format(Locale.ROOT, "%s %.2f%%", m.getKey(), m.getValue() * 100))
                .collect(java.util.stream.Collectors.joining(", ")));
    section(out, "Pipeline (whichever Kinesis mode)", e.pipeline());
    section(out, "Kinesis on-demand", e.kinesisOnDemand());
    section(
        out, "Kinesis provisioned (" + e.provisionedShards() + " shards)", e.kinesisProvisioned());
    out.printf(
        Locale.ROOT,
        "%nStreaming, Kinesis on-demand:   %,12.2f USD/month%n",
        e.streamingOnDemand());
    out.printf(
        Locale.ROOT,
        "Streaming, Kinesis provisioned: %,12.2f USD/month%n",
        e.streamingProvisioned());
    if (e.batch().isEmpty()) {
      out.println("Batch (Glue): give --glue-dpu-hours to compare");
    } else {
      section(out, "Batch job", e.batch());
      double batch = e.total(e.batch());
      double cheaper = Math.min(e.streamingOnDemand(), e.streamingProvisioned());
      out.printf(
          Locale.ROOT,
          "Batch (Glue):                   %,12.2f USD/month; streaming (cheaper mode) is %.2f× that%n",
          batch,
          cheaper / batch);
      out.println(
          "  (the batch job's S3 reads and writes are not included; the streaming lake above replaces its input storage)");
    }
    out.flush();
  }

  private static void section(PrintWriter out, String title, List<Line> lines) {
    out.println(title);
    for (Line line : lines) {
      out.printf(
          Locale.ROOT,
          "  %-16s %-30s %,16.4f %-42s × %,.10f = %,10.2f%n",
          line.service(),
          line.item(),
          line.quantity(),
          abbreviate(line.price().unit(), 42),
          line.price().usd(),
          line.monthlyUsd());
      out.printf(Locale.ROOT, "  %-16s   = %s%n", "", line.derivation());
    }
    out.printf(
        Locale.ROOT,
        "  %-16s %-30s %89s%n%n",
        "",
        "subtotal",
        String.format(Locale.ROOT, "%,.2f", lines.stream().mapToDouble(Line::monthlyUsd).sum()));
  }

  private static String abbreviate(String text, int width) {
    return text.length() <= width ? text : text.substring(0, width - 1) + "…";
  }
}
