package io.adstream.migration.cost;

import io.adstream.config.AdstreamConfig;
import io.adstream.config.CapacitySettings;
import io.adstream.config.LandingSettings;
import io.adstream.observability.MetricNames;
import io.adstream.validation.ReasonCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The monthly cost of the streaming pipeline for a daily volume and event mix, from measured
 * per-event use and a price table, with the arithmetic of every line; and the batch job's cost for
 * comparison. Free tiers are ignored; a month is 730 hours (30.42 days), as AWS prices it.
 */
public final class CostModel {
  public static final double HOURS_PER_MONTH = 730;

  /**
   * The most of each second a shard's handler may be busy at peak: room for retries, cold starts
   * and slower calls.
   */
  static final double HANDLER_BUSY_SHARE = 0.8;

  /**
   * The memory at which a Lambda function has the equivalent of one full vCPU; less memory gets a
   * proportional share (Lambda Developer Guide, "Configure Lambda function memory").
   */
  static final int ONE_VCPU_MB = 1_769;

  /**
   * A partitioner call reads the first line of each record of a buffered batch: an estimate, not
   * measured.
   */
  static final double TRANSFORM_SECONDS = 0.2;

  public static final double DAYS_PER_MONTH = HOURS_PER_MONTH / 24;

  /**
   * The rules the processor raises as it processes events (bot_click, click_injection,
   * click_flood), each a {Function, Rule} series of AlertsPublished; the scheduled check's rules
   * publish no metric.
   */
  static final int PROCESSOR_ALERT_RULES = 3;

  private static final double GB = 1024.0 * 1024 * 1024;

  /**
   * What the estimate is for.
   *
   * @param mix share of each event type among received records (normalised)
   * @param peakToAverage peak throughput over the daily average, for sizing provisioned shards
   * @param recordsPerInvocation override of the measured batch size (larger batches in AWS under
   *     load)
   * @param alertsPerDay alerts published to SNS
   * @param alarms CloudWatch alarms
   * @param kmsKeys customer managed keys (stream, tables, lake, secret, logs)
   * @param kmsRequestsPerDay KMS requests (data keys are cached by Kinesis, DynamoDB, S3 bucket
   *     keys)
   * @param glueDpuHoursPerDay the batch job's DPU-hours per daily run, for comparison
   */
  public record Inputs(
      long eventsPerDay,
      Map<String, Double> mix,
      double peakToAverage,
      Optional<Double> recordsPerInvocation,
      long alertsPerDay,
      int alarms,
      int kmsKeys,
      long kmsRequestsPerDay,
      Optional<Double> glueDpuHoursPerDay) {
    public Inputs {
      if (eventsPerDay <= 0) {
        throw new IllegalArgumentException("events per day must be positive, was " + eventsPerDay);
      }
      double total = mix.values().stream().mapToDouble(Double::doubleValue).sum();
      if (mix.isEmpty() || total <= 0 || mix.values().stream().anyMatch(v -> v < 0)) {
        throw new IllegalArgumentException(
            "the event mix needs non-negative shares, e.g. impression=0.9,click=0.08");
      }
      Map<String, Double> normalised = new TreeMap<>();
      mix.forEach((type, share) -> normalised.put(type, share / total));
      mix = Map.copyOf(normalised);
      if (peakToAverage < 1) {
        throw new IllegalArgumentException(
            "peak to average must be at least 1, was " + peakToAverage);
      }
    }
  }

  /** One priced line: quantity per month times unit price, and how the quantity was derived. */
  public record Line(
      String service, String item, double quantity, PriceTable.Price price, String derivation) {
    public double monthlyUsd() {
      return quantity * price.usd();
    }
  }

  /** The estimate: the shared lines, the two Kinesis capacity modes, the batch job. */
  public record Estimate(
      Inputs inputs,
      PriceTable prices,
      MeasuredUsage measured,
      List<Line> pipeline,
      List<Line> kinesisOnDemand,
      List<Line> kinesisProvisioned,
      long provisionedShards,
      List<Line> batch) {
    public double total(List<Line> lines) {
      return lines.stream().mapToDouble(Line::monthlyUsd).sum();
    }

    public double streamingOnDemand() {
      return total(pipeline) + total(kinesisOnDemand);
    }

    public double streamingProvisioned() {
      return total(pipeline) + total(kinesisProvisioned);
    }
  }

  private final AdstreamConfig config;
  private final PriceTable prices;
  private final MeasuredUsage measured;

  public CostModel(AdstreamConfig config, PriceTable prices, MeasuredUsage measured) {
    this.config = config;
    this.prices = prices;
    this.measured = measured;
  }

  public Estimate estimate(Inputs in) {
    double eventsMonth = in.eventsPerDay() * DAYS_PER_MONTH;
    double avgRecordBytes = 0;
    double avgRoundedKb = 0;
    for (Map.Entry<String, Double> type : in.mix().entrySet()) {
      double bytes =
          measured
              .recordBytes()
              .getOrDefault(type.getKey(), measured.recordBytes().getOrDefault("other", 500.0));
      avgRecordBytes += type.getValue() * bytes;
      avgRoundedKb += type.getValue() * Math.ceil(bytes / 1024);
    }
    double accepted = eventsMonth * measured.acceptedShare();
    double perInvocation = in.recordsPerInvocation().orElse(measured.recordsPerInvocation());
    double invocations = eventsMonth / perInvocation;
    double memoryGb = config.processor().memoryMb() / 1024.0;
    double clicksAndConversions =
        in.mix().getOrDefault("click", 0.0) + in.mix().getOrDefault("conversion", 0.0);

    List<Line> pipeline = new ArrayList<>();
    // Lambda
    MeasuredUsage.Mix handler = measured.measuredOn(in.mix());
    double billedMillis =
        billedMillis(handler.handlerMillisPerRecord(), handler.handlerCpuMillisPerRecord());
    double gbSeconds = eventsMonth * billedMillis / 1000 * memoryGb;
    pipeline.add(
        line(
            "Lambda",
            "processor duration (arm64)",
            gbSeconds,
            "lambda.arm64.gbSecond",
            f(
                "%s events × %.3f ms/event ÷ 1000 × %.3f GB (processor.memoryMb %d): %.3f ms measured at AWS's call times,"
                    + " of which %.3f ms CPU, which takes %.2f× as long on the %.2f vCPU of %d MB",
                n(eventsMonth),
                billedMillis,
                memoryGb,
                config.processor().memoryMb(),
                handler.handlerMillisPerRecord(),
                handler.handlerCpuMillisPerRecord(),
                1 / vcpuShare(),
                vcpuShare(),
                config.processor().memoryMb())));
    pipeline.add(
        line(
            "Lambda",
            "processor invocations",
            invocations / 1e6,
            "lambda.requestMillion",
            f("%s events ÷ %.1f records/invocation ÷ 1,000,000", n(eventsMonth), perInvocation)));
    pipeline.addAll(dynamoDb(in, accepted));
    // Firehose: the lines of one partition (event type, hour) packed into records of up to
    // landing.maxRecordBytes,
    // each billed in 5 KB steps; a batch makes a record per event type it holds (attribution: per
    // click type)
    double enrichedBytes = accepted * measured.enrichedLineBytes();
    double attributionLines =
        accepted * clicksAndConversions * measured.attributionLinesPerClickOrConversion();
    double landedBytes = enrichedBytes + attributionLines * 200;
    double recordsPerInvocation = 0;
    for (double share : in.mix().values()) {
      double lines = perInvocation * measured.acceptedShare() * share;
      recordsPerInvocation +=
          Math.max(
              Math.min(1, lines),
              lines * measured.enrichedLineBytes() / config.landing().maxRecordBytes());
    }
    recordsPerInvocation +=
        clicksAndConversions > 0 ? 2 : 0; // click and conversion attribution lines
    double firehoseRecords = invocations * recordsPerInvocation;
    // a record is rounded up by half a 5 KB step on average
    double billedBytes = landedBytes + firehoseRecords * 2560;
    pipeline.add(
        line(
            "Firehose",
            "ingestion, packed",
            billedBytes / GB,
            "firehose.ingestGB",
            f(
                "%s B landed (%.0f B/enriched line, measured) in ~%s records (%.1f per invocation: one per event type and"
                    + " hour), each rounded up to 5 KB (one line per record would bill %s GB)",
                n(landedBytes),
                measured.enrichedLineBytes(),
                n(firehoseRecords),
                recordsPerInvocation,
                n((accepted + attributionLines) * 5120 / GB))));
    pipeline.add(
        line(
            "Firehose",
            "dynamic partitioning",
            landedBytes / GB,
            "firehose.partitioningGB",
            f("%s B processed by the partitioner", n(landedBytes))));
    double objects =
        3
            * 5
            * HOURS_PER_MONTH
            * Math.max(1, 3600.0 / Math.max(60, config.landing().bufferSeconds()));
    pipeline.add(
        line(
            "Firehose",
            "partitioned objects",
            objects / 1000,
            "firehose.partitioningObjectThousand",
            f(
                "3 streams × ~5 event types × %s hours × %.0f buffer flushes/hour (landing.bufferSeconds %d)",
                n(HOURS_PER_MONTH),
                3600.0 / Math.max(60, config.landing().bufferSeconds()),
                config.landing().bufferSeconds())));
    // the partition keys come from a small function Firehose calls once per buffered batch, not
    // from JQ
    double transformCalls = 3 * HOURS_PER_MONTH * 3600 / LandingSettings.PARTITIONER_BUFFER_SECONDS;
    pipeline.add(
        line(
            "Lambda",
            "lake partitioner duration (arm64)",
            transformCalls * TRANSFORM_SECONDS * 0.5,
            "lambda.arm64.gbSecond",
            f(
                "at most %s calls (3 streams, one per %d s buffer) × %.1f s (estimate) × 0.5 GB",
                n(transformCalls), LandingSettings.PARTITIONER_BUFFER_SECONDS, TRANSFORM_SECONDS)));
    pipeline.add(
        line(
            "Lambda",
            "lake partitioner invocations",
            transformCalls / 1e6,
            "lambda.requestMillion",
            f("%s calls ÷ 1,000,000", n(transformCalls))));
    // Firehose writes one object per partition (stream, event type, hour) and buffer flush: each
    // partition's objects are as large as its share of the bytes makes them
    double flushesPerMonth = objects / (3 * 5);
    Map<String, Double> partitionGbPerMonth = new TreeMap<>();
    in.mix()
        .forEach(
            (type, share) ->
                partitionGbPerMonth.put(
                    "enriched/" + type,
                    accepted * share * measured.enrichedLineBytes() * measured.gzipRatio() / GB));
    if (clicksAndConversions > 0) {
      for (String type : List.of("click", "conversion")) {
        double share = in.mix().getOrDefault(type, 0.0) / clicksAndConversions;
        partitionGbPerMonth.put(
            "attribution/" + type, attributionLines * share * 200 * measured.gzipRatio() / GB);
      }
    }
    pipeline.addAll(lakeStorage(partitionGbPerMonth, flushesPerMonth, objects));
    // SNS
    pipeline.add(
        line(
            "SNS",
            "alert publishes",
            in.alertsPerDay() * DAYS_PER_MONTH / 1e6,
            "sns.publishMillion",
            f("%s alerts/day × %.2f days ÷ 1,000,000", n(in.alertsPerDay()), DAYS_PER_MONTH)));
    // CloudWatch
    double logGb = invocations * measured.logBytesPerInvocation() / GB;
    pipeline.add(
        line(
            "CloudWatch",
            "log and EMF ingestion",
            logGb,
            "cloudwatch.logsIngestGB",
            f(
                "%s invocations × %.0f B/invocation (estimate in the measured file)",
                n(invocations), measured.logBytesPerInvocation())));
    pipeline.add(
        line(
            "CloudWatch",
            "log storage",
            logGb * Math.min(config.operations().logRetentionDays() / DAYS_PER_MONTH, 12) * 0.15,
            "cloudwatch.logsStorageGBMonth",
            f(
                "%s GB/month, stored compressed (~0.15) for %d days",
                n(logGb), config.operations().logRetentionDays())));
    int shardCount = config.stream().shardCount();
    int customMetrics =
        MetricNames.BY_FUNCTION.size()
            + MetricNames.BY_SHARD.size() * shardCount
            + ReasonCode.values().length
            + PROCESSOR_ALERT_RULES
            + MetricNames.BY_RECONCILE.size();
    pipeline.add(
        line(
            "CloudWatch",
            "custom metrics",
            customMetrics,
            "cloudwatch.metricMonth",
            f(
                "at most %d by function + %d per shard × %d (stream.shardCount) + one per quarantine"
                    + " reason kind (%d) + one per alert rule the processor raises (%d) + %d of the"
                    + " reconcile job; a month in which a reason or rule never occurs bills fewer",
                MetricNames.BY_FUNCTION.size(),
                MetricNames.BY_SHARD.size(),
                shardCount,
                ReasonCode.values().length,
                PROCESSOR_ALERT_RULES,
                MetricNames.BY_RECONCILE.size())));
    pipeline.add(
        line(
            "CloudWatch",
            "alarms",
            in.alarms(),
            "cloudwatch.alarmMonth",
            "alarms on the ops topic"));
    pipeline.add(
        line("CloudWatch", "dashboard", 1, "cloudwatch.dashboardMonth", "the pipeline dashboard"));
    // KMS, Secrets Manager
    pipeline.add(
        line(
            "KMS",
            "customer managed keys",
            in.kmsKeys(),
            "kms.keyMonth",
            "stream, tables, lake, secret and log keys"));
    pipeline.add(
        line(
            "KMS",
            "requests",
            in.kmsRequestsPerDay() * DAYS_PER_MONTH / 10_000,
            "kms.requestTenThousand",
            f(
                "%s requests/day (data keys cached by the services) × %.2f days ÷ 10,000",
                n(in.kmsRequestsPerDay()), DAYS_PER_MONTH)));
    pipeline.add(
        line("Secrets Manager", "PII key secret", 1, "secretsmanager.secretMonth", "one secret"));

    // Kinesis on-demand
    List<Line> onDemand = new ArrayList<>();
    onDemand.add(
        line(
            "Kinesis",
            "on-demand stream",
            HOURS_PER_MONTH,
            "kinesis.onDemand.streamHour",
            "one stream, every hour"));
    onDemand.add(
        line(
            "Kinesis",
            "on-demand ingestion",
            eventsMonth * avgRoundedKb * 1024 / GB,
            "kinesis.onDemand.ingestGB",
            f(
                "%s records × %.2f KB (each record rounded up to 1 KB; %.0f B average, measured)",
                n(eventsMonth), avgRoundedKb, avgRecordBytes)));
    onDemand.add(
        line(
            "Kinesis",
            "on-demand retrieval",
            eventsMonth * avgRecordBytes / GB,
            "kinesis.onDemand.retrievalGB",
            f("%s records × %.0f B, read once by the processor", n(eventsMonth), avgRecordBytes)));
    // Kinesis provisioned: a shard takes 1,000 records/s and 1 MB/s, and one processor invocation
    // at a time (mapping.parallelizationFactor 1). Each invocation costs a fixed part plus a part
    // per record; when records come faster, batches grow and absorb the fixed part, so a shard
    // keeps up while its peak records times the marginal time per record fill at most
    // HANDLER_BUSY_SHARE of each second.
    double peakRecords = in.eventsPerDay() / 86_400.0 * in.peakToAverage();
    double marginalMillis =
        billedMillis(
            handler.marginalHandlerMillisPerRecord(), handler.marginalHandlerCpuMillisPerRecord());
    double processingShards = peakRecords * marginalMillis / 1000 / HANDLER_BUSY_SHARE;
    double streamShards = Math.max(peakRecords / 1000, peakRecords * avgRecordBytes / 1_000_000);
    long needed = (long) Math.max(1, Math.ceil(Math.max(processingShards, streamShards)));
    // a deployment of this configuration pays for its shards even when the peak needs fewer
    int configured = config.stream().shardCount();
    long shards = Math.max(needed, configured);
    List<Line> provisioned = new ArrayList<>();
    provisioned.add(
        line(
            "Kinesis",
            "provisioned shards",
            shards * HOURS_PER_MONTH,
            "kinesis.provisioned.shardHour",
            f(
                "%d shards × %s hours: peak %s records/s (%s/day ÷ 86,400 × %.1f peak factor) needs %.2f shards for 1,000 records/s"
                    + " and 1 MB/s each, and %.2f for the handler to keep up (%.2f ms a record beyond each invocation's fixed part, its CPU on the function's vCPU share,"
                    + " one invocation per shard, busy at most %.0f%% of the time); %s",
                shards,
                n(HOURS_PER_MONTH),
                n(peakRecords),
                n(in.eventsPerDay()),
                in.peakToAverage(),
                streamShards,
                processingShards,
                marginalMillis,
                HANDLER_BUSY_SHARE * 100,
                needed > configured
                    ? f("more than stream.shardCount %d: set it to %d", configured, needed)
                    : f("stream.shardCount %d", configured))));
    provisioned.add(
        line(
            "Kinesis",
            "PUT payload units",
            eventsMonth / 1e6,
            "kinesis.provisioned.putUnitMillion",
            f("%s records × 1 unit (each under 25 KB) ÷ 1,000,000", n(eventsMonth))));

    List<Line> batch = new ArrayList<>();
    in.glueDpuHoursPerDay()
        .ifPresent(
            dpuHours ->
                batch.add(
                    line(
                        "Glue",
                        "daily job",
                        dpuHours * DAYS_PER_MONTH,
                        "glue.dpuHour",
                        f("%.2f DPU-hours/run (given) × %.2f runs", dpuHours, DAYS_PER_MONTH))));
    return new Estimate(in, prices, measured, pipeline, onDemand, provisioned, shards, batch);
  }

  /**
   * Writes and reads of the state tables: request units on-demand; provisioned capacity-hours when
   * auto scaling keeps the consumed share at its target (the capacity follows the daily curve),
   * never below each table's minimum.
   */
  private List<Line> dynamoDb(Inputs in, double accepted) {
    double writeUnitsPerEvent = measured.writeUnitsPerAcceptedEvent(in.mix());
    double writes = accepted * writeUnitsPerEvent;
    double reads = accepted * measured.readUnitsPerAcceptedEvent();
    String writeDerivation =
        f(
            "%s accepted events (%.4f of received) × %.4f WRU/event (measured per type: %s; per batch %.4f)",
            n(accepted),
            measured.acceptedShare(),
            writeUnitsPerEvent,
            perType(in.mix()),
            measured.measuredOn(in.mix()).writeUnitsPerBatchShare());
    String readDerivation =
        f(
            "%s accepted events × %.4f RRU/event (estimate in the measured file)",
            n(accepted), measured.readUnitsPerAcceptedEvent());
    var capacity = config.capacity().dynamoDb();
    if (capacity.onDemand()) {
      return List.of(
          line(
              "DynamoDB",
              "writes (on-demand)",
              writes / 1e6,
              "dynamodb.onDemand.writeMillion",
              writeDerivation + " ÷ 1,000,000"),
          line(
              "DynamoDB",
              "reads (on-demand)",
              reads / 1e6,
              "dynamodb.onDemand.readMillion",
              readDerivation + " ÷ 1,000,000"));
    }
    double utilization = capacity.targetUtilizationPercent() / 100.0;
    int tables =
        config.names().tables().size()
            + (int) config.names().tables().stream().mapToLong(t -> t.indexes().size()).sum();
    double writeFloor = tables * capacity.minWriteUnits() * HOURS_PER_MONTH;
    double readFloor = tables * capacity.minReadUnits() * HOURS_PER_MONTH;
    String scaled =
        f(
            " ÷ 3,600 s/h ÷ %.2f target utilization (capacity.dynamoDb), at least %d tables and indexes × %%d units × %s h",
            utilization, tables, n(HOURS_PER_MONTH));
    return List.of(
        line(
            "DynamoDB",
            "writes (provisioned, auto scaled)",
            Math.max(writes / 3600 / utilization, writeFloor),
            "dynamodb.provisioned.wcuHour",
            writeDerivation + f(scaled, capacity.minWriteUnits())),
        line(
            "DynamoDB",
            "reads (provisioned, auto scaled)",
            Math.max(reads / 3600 / utilization, readFloor),
            "dynamodb.provisioned.rcuHour",
            readDerivation + f(scaled, capacity.minReadUnits())));
  }

  private String perType(Map<String, Double> mix) {
    Map<String, Double> byType = measured.measuredOn(mix).writeUnitsByType();
    return new TreeMap<>(mix)
        .keySet().stream()
            .map(type -> f("%s %.3f", type, byType.getOrDefault(type, Double.NaN)))
            .collect(java.util.stream.Collectors.joining(", "));
  }

  /**
   * The lake a year in (or at the end of retention.lakeDays if shorter), each month's objects in
   * the storage class their age puts them in (capacity.lake), and the transition requests. The
   * stack moves only objects of at least 128 KiB (both classes bill a smaller one as 128 KiB), so
   * whether a partition's bytes move depends on its own objects' size, not the lake's average.
   */
  private List<Line> lakeStorage(
      Map<String, Double> partitionGbPerMonth, double objectsPerPartition, double objectsPerMonth) {
    var transitions = config.capacity().lake();
    int horizon = Math.min(config.retention().lakeDays(), 365);
    double movedGb = 0;
    double stayingGb = 0;
    List<String> moved = new ArrayList<>();
    List<String> staying = new ArrayList<>();
    for (Map.Entry<String, Double> partition : partitionGbPerMonth.entrySet()) {
      double objectKib = partition.getValue() * GB / objectsPerPartition / 1024;
      String described = f("%s %s KiB", partition.getKey(), n(objectKib));
      if (objectKib * 1024 >= CapacitySettings.LakeTransitions.MIN_OBJECT_BYTES) {
        movedGb += partition.getValue();
        moved.add(described);
      } else {
        stayingGb += partition.getValue();
        staying.add(described);
      }
    }
    boolean anyMoved = !moved.isEmpty();
    int toIa =
        anyMoved && transitions.infrequentAccessAfterDays() > 0
            ? transitions.infrequentAccessAfterDays()
            : Integer.MAX_VALUE;
    int toGlacier =
        anyMoved && transitions.glacierInstantRetrievalAfterDays() > 0
            ? transitions.glacierInstantRetrievalAfterDays()
            : Integer.MAX_VALUE;
    double standardDays = Math.min(horizon, Math.min(toIa, toGlacier));
    double iaDays = toIa < horizon ? Math.min(horizon, toGlacier) - toIa : 0;
    double glacierDays = toGlacier < horizon ? horizon - toGlacier : 0;
    String objectSizes =
        f(
            "objects of at least 128 KiB move (capacity.lake): %s; stay: %s",
            moved.isEmpty() ? "none" : String.join(", ", moved),
            staying.isEmpty() ? "none" : String.join(", ", staying));
    List<Line> lines = new ArrayList<>();
    lines.add(
        line(
            "S3",
            "lake, Standard",
            (movedGb * standardDays + stayingGb * horizon) / DAYS_PER_MONTH,
            "s3.standardGBMonth",
            f(
                "(%s GB/month moving × %.0f days + %s GB/month staying × %d days) ÷ %.2f days/month,"
                    + " gzipped (ratio %.3f, measured); %s",
                n(movedGb),
                standardDays,
                n(stayingGb),
                horizon,
                DAYS_PER_MONTH,
                measured.gzipRatio(),
                objectSizes)));
    String held = "%s GB/month × %.0f days of it %s ÷ %.2f days/month";
    if (iaDays > 0) {
      lines.add(
          line(
              "S3",
              "lake, Standard-IA",
              movedGb * iaDays / DAYS_PER_MONTH,
              "s3.standardIaGBMonth",
              f(held, n(movedGb), iaDays, "from day " + toIa, DAYS_PER_MONTH)));
    }
    if (glacierDays > 0) {
      lines.add(
          line(
              "S3",
              "lake, Glacier Instant Retrieval",
              movedGb * glacierDays / DAYS_PER_MONTH,
              "s3.glacierIrGBMonth",
              f(
                  held,
                  n(movedGb),
                  glacierDays,
                  "from day " + toGlacier + ", a year in",
                  DAYS_PER_MONTH)));
    }
    double transitioned = objectsPerPartition * moved.size() / 1000;
    if (iaDays > 0) {
      lines.add(
          line(
              "S3",
              "transitions to Standard-IA",
              transitioned,
              "s3.transitionIaThousand",
              f("the %d moving partitions' objects, once each", moved.size())));
    }
    if (glacierDays > 0) {
      lines.add(
          line(
              "S3",
              "transitions to Glacier IR",
              transitioned,
              "s3.transitionGlacierIrThousand",
              f("the %d moving partitions' objects, once each", moved.size())));
    }
    lines.add(
        line(
            "S3",
            "PUT requests",
            objectsPerMonth / 1000,
            "s3.putThousand",
            "one PUT per partitioned object"));
    return lines;
  }

  private Line line(
      String service, String item, double quantity, String priceKey, String derivation) {
    return new Line(service, item, quantity, prices.price(priceKey), derivation);
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  static String n(double value) {
    return value >= 100
        ? String.format(Locale.ROOT, "%,.0f", value)
        : String.format(Locale.ROOT, "%,.3f", value);
  }

  /**
   * The processor's share of a vCPU at its memory: at most one, as the handler is measured on one.
   */
  double vcpuShare() {
    return Math.min(1.0, config.processor().memoryMb() / (double) ONE_VCPU_MB);
  }

  /**
   * A handler time measured on a full core, as the processor would take it: its CPU part takes
   * longer on a share of a vCPU, its waits do not.
   */
  double billedMillis(double millis, double cpuMillis) {
    return millis + cpuMillis * (1 / vcpuShare() - 1);
  }
}
