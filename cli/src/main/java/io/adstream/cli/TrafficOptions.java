package io.adstream.cli;

import io.adstream.config.AdstreamConfig;
import io.adstream.generator.TrafficProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The traffic options shared by {@code generate} and {@code local}: what to generate and with which
 * defects.
 */
final class TrafficOptions {

  @Option(
      names = "--seed",
      description = "Random seed (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + TrafficProfile.DEFAULT_SEED)
  long seed;

  @Option(
      names = "--events",
      converter = OptionConverters.Count.class,
      description =
          "Approximate number of records, e.g. 1M (default: 100k for generate, 20k for local).")
  Optional<Integer> events;

  @Option(
      names = "--start",
      converter = OptionConverters.Timestamp.class,
      description =
          "First event time, RFC 3339 (default: now minus --duration and windows.allowedLateness,"
              + " truncated to the minute).")
  Optional<Instant> start;

  @Option(
      names = "--duration",
      converter = OptionConverters.Span.class,
      description = "Span of event times, e.g. 90m, 1h, 2d (default: ${DEFAULT-VALUE}).",
      defaultValue = TrafficProfile.DEFAULT_DURATION_MINUTES + "m")
  Duration duration;

  @Option(
      names = "--campaigns",
      converter = OptionConverters.Count.class,
      description = "Number of campaigns (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + TrafficProfile.DEFAULT_CAMPAIGNS)
  int campaigns;

  @Option(
      names = "--duplicate-rate",
      converter = OptionConverters.Rate.class,
      description = "Share of records sent again, byte for byte (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + TrafficProfile.DEFAULT_DUPLICATE_RATE)
  double duplicateRate;

  @Option(
      names = "--id-conflict-rate",
      converter = OptionConverters.Rate.class,
      description =
          "Share of records whose ids are sent again with another payload (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + TrafficProfile.DEFAULT_ID_CONFLICT_RATE)
  double idConflictRate;

  @Option(
      names = "--out-of-order-rate",
      converter = OptionConverters.Rate.class,
      description =
          "Share of records delivered behind newer ones, by at most allowedLateness/4"
              + " (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + TrafficProfile.DEFAULT_OUT_OF_ORDER_RATE)
  double outOfOrderRate;

  @Option(
      names = "--late-rate",
      converter = OptionConverters.Rate.class,
      description =
          "Share of impressions, clicks and conversions delivered over 2 x allowedLateness late"
              + " (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + TrafficProfile.DEFAULT_LATE_RATE)
  double lateRate;

  @Option(
      names = "--malformed-rate",
      converter = OptionConverters.Rate.class,
      description = "Share of records replaced by malformed ones (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + TrafficProfile.DEFAULT_MALFORMED_RATE)
  double malformedRate;

  @Option(
      names = "--bot-rate",
      converter = OptionConverters.Rate.class,
      description = "Share of clicks made by crawlers (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + TrafficProfile.DEFAULT_BOT_RATE)
  double botRate;

  @Option(
      names = "--click-floods",
      converter = OptionConverters.Count.class,
      description =
          "Devices or IPs firing more than alerts.clickFlood.maxClicksPerMinute clicks in a minute"
              + " (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + TrafficProfile.DEFAULT_CLICK_FLOODS)
  int clickFloods;

  @Option(
      names = "--click-injections",
      converter = OptionConverters.Count.class,
      description = "Clicks injected seconds before a conversion (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + TrafficProfile.DEFAULT_CLICK_INJECTIONS)
  int clickInjections;

  @Option(
      names = "--orphan-bursts",
      converter = OptionConverters.Count.class,
      description =
          "Campaigns whose clicks mostly lack an impression, for an hour (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + TrafficProfile.DEFAULT_ORPHAN_BURSTS)
  int orphanBursts;

  @Option(
      names = "--budget-overruns",
      converter = OptionConverters.Count.class,
      description = "Campaigns spending more than their daily budget (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + TrafficProfile.DEFAULT_BUDGET_OVERRUNS)
  int budgetOverruns;

  @Option(
      names = "--budget-pacings",
      converter = OptionConverters.Count.class,
      description =
          "Campaigns spending too fast early in the day; planted only when the span has such minutes"
              + " (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + TrafficProfile.DEFAULT_BUDGET_PACINGS)
  int budgetPacings;

  @Option(
      names = "--anomalies",
      converter = OptionConverters.Count.class,
      description =
          "Campaigns whose CTR spikes after a steady baseline; each takes (warmup + 4) minutes of"
              + " 1.5 x alerts.anomaly.minImpressions impressions (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + TrafficProfile.DEFAULT_ANOMALIES)
  int anomalies;

  @Option(
      names = "--silent-sources",
      converter = OptionConverters.Count.class,
      description =
          "Sources that stop sending 2 x alerts.sourceSilence.after before the end"
              + " (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + TrafficProfile.DEFAULT_SILENT_SOURCES)
  int silentSources;

  @Option(
      names = "--profile",
      description =
          "Traffic mix: display (impressions, few clicks) or search (clicks without impressions, many per"
              + " user; conversions a few percent of clicks) (default: ${DEFAULT-VALUE}).",
      defaultValue = "display",
      converter = OptionConverters.MixName.class)
  TrafficProfile.Mix mix;

  @Option(
      names = "--config",
      description = "adstream configuration overrides (JSON) for windows and thresholds.")
  Optional<Path> config;

  TrafficProfile profile(CommandSpec spec, int defaultEvents) {
    AdstreamConfig adstreamConfig = config(spec);
    Instant now = Instant.now();
    // ending the allowed lateness before now, so that the scheduled alert check can judge every
    // hour of it
    Instant first =
        start.orElseGet(
            () ->
                now.minus(duration)
                    .minus(adstreamConfig.windows().allowedLateness())
                    .truncatedTo(ChronoUnit.MINUTES));
    if (first.plus(duration).isAfter(now)) {
      throw new ParameterException(
          spec.commandLine(),
          "--start "
              + first
              + " plus --duration "
              + duration
              + " ends after now ("
              + now
              + "): generated event times must not be in the future");
    }
    return profile(spec, adstreamConfig, events.orElse(defaultEvents), first, duration);
  }

  /**
   * Traffic for a streaming run: {@code records} records whose event times run from {@code start}
   * over {@code span}, as they are put (--events, --start and --duration do not apply).
   */
  TrafficProfile streamingProfile(CommandSpec spec, int records, Instant start, Duration span) {
    if (events.isPresent() || this.start.isPresent()) {
      throw new ParameterException(
          spec.commandLine(),
          "--events and --start do not apply to a streaming run: --rate and --for set them");
    }
    return profile(spec, config(spec), records, start, span);
  }

  private TrafficProfile profile(
      CommandSpec spec,
      AdstreamConfig adstreamConfig,
      int records,
      Instant first,
      Duration duration) {
    try {
      return TrafficProfile.builder()
          .seed(seed)
          .events(records)
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
          .scheduledPatterns(
              new TrafficProfile.ScheduledPatterns(
                  orphanBursts, budgetOverruns, budgetPacings, anomalies, silentSources))
          .mix(mix)
          .config(adstreamConfig)
          .build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), optionNames(e.getMessage()));
    }
  }

  /** The profile names its settings in camelCase; the user typed the options. */
  private static String optionNames(String problem) {
    Map<String, String> options =
        Map.ofEntries(
            Map.entry("events", "--events"),
            Map.entry("duration", "--duration"),
            Map.entry("campaigns", "--campaigns"),
            Map.entry("duplicateRate", "--duplicate-rate"),
            Map.entry("idConflictRate", "--id-conflict-rate"),
            Map.entry("outOfOrderRate", "--out-of-order-rate"),
            Map.entry("lateRate", "--late-rate"),
            Map.entry("malformedRate", "--malformed-rate"),
            Map.entry("botRate", "--bot-rate"),
            Map.entry("clickFloods", "--click-floods"),
            Map.entry("clickInjections", "--click-injections"));
    return java.util.Arrays.stream(problem.split(" "))
        .map(word -> options.getOrDefault(word, word))
        .collect(Collectors.joining(" "));
  }

  /** The configuration: the defaults, with --config's overrides. */
  AdstreamConfig config(CommandSpec spec) {
    return config.map(file -> readConfig(spec, file)).orElseGet(AdstreamConfig::defaults);
  }

  static AdstreamConfig readConfig(CommandSpec spec, Path file) {
    String json;
    try {
      json = Files.readString(file);
    } catch (IOException e) {
      throw new ParameterException(
          spec.commandLine(), "--config " + file + " cannot be read: " + e);
    }
    try {
      return AdstreamConfig.withOverrides(json);
    } catch (AdstreamConfig.InvalidConfigException e) {
      throw new ParameterException(spec.commandLine(), "--config " + file + ": " + e.getMessage());
    }
  }
}
