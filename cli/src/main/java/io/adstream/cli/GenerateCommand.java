package io.adstream.cli;

import io.adstream.config.AdstreamConfig;
import io.adstream.generator.CrawlerList;
import io.adstream.generator.GeneratedTraffic;
import io.adstream.generator.GenerationReport;
import io.adstream.generator.TrafficGenerator;
import io.adstream.generator.TrafficProfile;
import io.adstream.generator.truth.GroundTruth;
import io.adstream.generator.truth.TruthDocument;
import io.adstream.generator.truth.TruthEvaluator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code adstream generate}: deterministic traffic as NDJSON, with its ground truth. */
@Command(
    name = "generate",
    sortOptions = false,
    description = {
      "Generates deterministic, realistic ad traffic as NDJSON in delivery (put) order, with the defects a"
          + " pipeline must survive, and optionally its ground truth (docs/semantics.md).",
      "The same --seed and --start give the same bytes on every run."
    })
final class GenerateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + TrafficProfile.DEFAULT_SEED)
  long seed;

  @Option(names = "--events", converter = OptionConverters.Count.class,
      description = "Approximate number of records, e.g. 1M (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + TrafficProfile.DEFAULT_EVENTS)
  int events;

  @Option(names = "--start", converter = OptionConverters.Timestamp.class,
      description = "First event time, RFC 3339 (default: now minus --duration, truncated to the minute).")
  Optional<Instant> start;

  @Option(names = "--duration", converter = OptionConverters.Span.class,
      description = "Span of event times, e.g. 90m, 1h, 2d (default: ${DEFAULT-VALUE}).",
      defaultValue = TrafficProfile.DEFAULT_DURATION_MINUTES + "m")
  Duration duration;

  @Option(names = "--campaigns", converter = OptionConverters.Count.class,
      description = "Number of campaigns (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + TrafficProfile.DEFAULT_CAMPAIGNS)
  int campaigns;

  @Option(names = "--duplicate-rate", converter = OptionConverters.Rate.class,
      description = "Share of records sent again, byte for byte (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + TrafficProfile.DEFAULT_DUPLICATE_RATE)
  double duplicateRate;

  @Option(names = "--id-conflict-rate", converter = OptionConverters.Rate.class,
      description = "Share of records whose ids are sent again with another payload (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + TrafficProfile.DEFAULT_ID_CONFLICT_RATE)
  double idConflictRate;

  @Option(names = "--out-of-order-rate", converter = OptionConverters.Rate.class,
      description = "Share of records delivered behind newer ones, by at most allowedLateness/4"
          + " (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + TrafficProfile.DEFAULT_OUT_OF_ORDER_RATE)
  double outOfOrderRate;

  @Option(names = "--late-rate", converter = OptionConverters.Rate.class,
      description = "Share of impressions, clicks and conversions delivered over 2 x allowedLateness late"
          + " (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + TrafficProfile.DEFAULT_LATE_RATE)
  double lateRate;

  @Option(names = "--malformed-rate", converter = OptionConverters.Rate.class,
      description = "Share of records replaced by malformed ones (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + TrafficProfile.DEFAULT_MALFORMED_RATE)
  double malformedRate;

  @Option(names = "--bot-rate", converter = OptionConverters.Rate.class,
      description = "Share of clicks made by crawlers (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + TrafficProfile.DEFAULT_BOT_RATE)
  double botRate;

  @Option(names = "--click-floods", converter = OptionConverters.Count.class,
      description = "Devices or IPs firing more than alerts.clickFlood.maxClicksPerMinute clicks in a minute"
          + " (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + TrafficProfile.DEFAULT_CLICK_FLOODS)
  int clickFloods;

  @Option(names = "--click-injections", converter = OptionConverters.Count.class,
      description = "Clicks injected seconds before a conversion (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + TrafficProfile.DEFAULT_CLICK_INJECTIONS)
  int clickInjections;

  @Option(names = "--out", description = "NDJSON output file (default: standard output).")
  Optional<Path> out;

  @Option(names = "--truth", description = "Ground-truth JSON file to write.")
  Optional<Path> truth;

  @Option(names = "--config", description = "adstream configuration overrides (JSON) for windows and thresholds.")
  Optional<Path> config;


  @Override
  public Integer call() throws IOException {
    long started = System.nanoTime();
    TrafficProfile profile = profile();
    GeneratedTraffic traffic = TrafficGenerator.builder().profile(profile).build().generate();
    writeLines(traffic);
    PrintWriter err = spec.commandLine().getErr();
    summary(err, profile, traffic);
    if (truth.isPresent()) {
      GroundTruth groundTruth = TruthEvaluator.builder()
          .config(profile.config())
          .processingTime(profile.end())
          .crawlers(CrawlerList.load())
          .build()
          .evaluate(traffic.lines());
      try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(truth.get()))) {
        TruthDocument.write(file, profile, traffic.report(), groundTruth);
      } catch (IOException e) {
        throw new IOException("cannot write --truth file " + truth.get() + ": " + e.getMessage(), e);
      }
      GroundTruth.RecordCounts counts = groundTruth.records();
      err.printf(Locale.ROOT, "  truth: %,d accepted, %,d duplicates, %,d quarantined, %,d late, %,d alerts -> %s%n",
          counts.accepted(), counts.duplicates(), counts.quarantined(), groundTruth.lateEvents().size(),
          groundTruth.alerts().size(), truth.get());
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    err.printf(Locale.ROOT, "  in %.1f s (%,.0f records/s)%n", seconds, traffic.lines().size() / seconds);
    err.flush();
    return 0;
  }

  private TrafficProfile profile() {
    AdstreamConfig adstreamConfig = config.map(this::readConfig).orElseGet(AdstreamConfig::defaults);
    Instant now = Instant.now();
    Instant first = start.orElseGet(() -> now.minus(duration).truncatedTo(ChronoUnit.MINUTES));
    if (first.plus(duration).isAfter(now)) {
      throw new ParameterException(spec.commandLine(), "--start " + first + " plus --duration " + duration
          + " ends after now (" + now + "): generated event times must not be in the future");
    }
    try {
      return TrafficProfile.builder()
          .seed(seed)
          .events(events)
          .start(first)
          .duration(duration)
          .campaigns(campaigns)
          .duplicateRate(duplicateRate)
          .idConflictRate(idConflictRate)
          .outOfOrderRate(outOfOrderRate)
          .lateRate(lateRate)
          .malformedRate(malformedRate)
          .botRate(botRate)
          .clickFloods(clickFloods)
          .clickInjections(clickInjections)
          .config(adstreamConfig)
          .build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), optionNames(e.getMessage()));
    }
  }

  /** The profile names its settings in camelCase; the user typed the options. */
  private static String optionNames(String problem) {
    Map<String, String> options = Map.ofEntries(
        Map.entry("events", "--events"), Map.entry("duration", "--duration"), Map.entry("campaigns", "--campaigns"),
        Map.entry("duplicateRate", "--duplicate-rate"), Map.entry("idConflictRate", "--id-conflict-rate"),
        Map.entry("outOfOrderRate", "--out-of-order-rate"), Map.entry("lateRate", "--late-rate"),
        Map.entry("malformedRate", "--malformed-rate"), Map.entry("botRate", "--bot-rate"),
        Map.entry("clickFloods", "--click-floods"), Map.entry("clickInjections", "--click-injections"));
    return java.util.Arrays.stream(problem.split(" "))
        .map(word -> options.getOrDefault(word, word))
        .collect(Collectors.joining(" "));
  }

  private AdstreamConfig readConfig(Path file) {
    String json;
    try {
      json = Files.readString(file);
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), "--config " + file + " cannot be read: " + e);
    }
    try {
      return AdstreamConfig.withOverrides(json);
    } catch (AdstreamConfig.InvalidConfigException e) {
      throw new ParameterException(spec.commandLine(), "--config " + file + ": " + e.getMessage());
    }
  }

  private void writeLines(GeneratedTraffic traffic) throws IOException {
    OutputStream target = out.isPresent() ? openOut(out.get()) : System.out;
    try {
      OutputStream buffered = new BufferedOutputStream(target, 1 << 16);
      for (byte[] line : traffic.lines()) {
        buffered.write(line);
        buffered.write('\n');
      }
      buffered.flush();
    } catch (IOException e) {
      throw new IOException("cannot write " + out.map(p -> "--out file " + p).orElse("to standard output") + ": "
          + e.getMessage(), e);
    } finally {
      if (out.isPresent()) {
        target.close();
      }
    }
  }

  private static OutputStream openOut(Path file) throws IOException {
    try {
      return Files.newOutputStream(file);
    } catch (IOException e) {
      throw new IOException("cannot write --out file " + file + ": " + e, e);
    }
  }

  private void summary(PrintWriter err, TrafficProfile profile, GeneratedTraffic traffic) {
    GenerationReport report = traffic.report();
    err.printf(Locale.ROOT, "adstream generate: %,d records, event times %s .. %s, seed %d -> %s%n",
        traffic.lines().size(), profile.start(), profile.end(), profile.seed(),
        out.map(Path::toString).orElse("stdout"));
    err.printf(Locale.ROOT, "  produced: %s%n", report.baseRecords().entrySet().stream()
        .map(e -> String.format(Locale.ROOT, "%,d %s", e.getValue(), e.getKey()))
        .collect(Collectors.joining(", ")));
    err.printf(Locale.ROOT,
        "  planted: %,d malformed, %,d duplicates, %,d id conflicts, %,d out of order, %,d late, %,d bot clicks,"
            + " %d click floods, %d click injections%n",
        report.malformed().size(), report.duplicates(), report.idConflicts(), report.outOfOrder(), report.late(),
        report.botClicks(), profile.clickFloods(), profile.clickInjections());
  }
}
