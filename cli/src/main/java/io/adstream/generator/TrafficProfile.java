package io.adstream.generator;

import io.adstream.config.AdstreamConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What traffic to generate. Rates are probabilities per record (see each builder method); the
 * windows and thresholds the traffic is shaped around come from {@link #config()}.
 *
 * <p>Event times fall in [{@link #start()}, {@link #end()}]; the caller keeps {@code end()} at or
 * before the real now, so that no regular event is in the future.
 *
 * @param users how many users the ad traffic comes from; when empty, sized to the traffic (see
 *     {@link Builder#users(int)})
 */
public record TrafficProfile(
    long seed,
    int events,
    Instant start,
    Duration duration,
    int campaigns,
    OptionalInt users,
    double duplicateRate,
    double idConflictRate,
    double outOfOrderRate,
    double lateRate,
    double malformedRate,
    double botRate,
    int clickFloods,
    int clickInjections,
    ScheduledPatterns scheduledPatterns,
    Mix mix,
    AdstreamConfig config) {

  /**
   * What the ad traffic is made of. {@code DISPLAY}: impressions, ~1.5% of them clicked (95% of
   * clicks name their impression), a few percent of clicks converting. {@code SEARCH}: search and
   * app-install campaigns, whose click trackers see no impression: clicks without impression ids
   * from users who click many times each, ~4% of clicks converting, most conversions naming their
   * click and the rest left to last-click attribution.
   */
  public enum Mix {
    DISPLAY,
    SEARCH
  }

  /** Defaults, as constants so that a command line can show them. */
  public static final long DEFAULT_SEED = 1;

  public static final int DEFAULT_EVENTS = 100_000;
  public static final long DEFAULT_DURATION_MINUTES = 60;
  public static final int DEFAULT_CAMPAIGNS = 50;
  public static final int MAX_USERS = 2_000_000;
  public static final double DEFAULT_DUPLICATE_RATE = 0.01;
  public static final double DEFAULT_ID_CONFLICT_RATE = 0.001;
  public static final double DEFAULT_OUT_OF_ORDER_RATE = 0.02;
  public static final double DEFAULT_LATE_RATE = 0.002;
  public static final double DEFAULT_MALFORMED_RATE = 0.002;
  public static final double DEFAULT_BOT_RATE = 0.02;
  public static final int DEFAULT_CLICK_FLOODS = 2;
  public static final int DEFAULT_CLICK_INJECTIONS = 2;
  public static final int DEFAULT_ORPHAN_BURSTS = 1;
  public static final int DEFAULT_BUDGET_OVERRUNS = 1;
  public static final int DEFAULT_BUDGET_PACINGS = 1;

  /**
   * Off by default: a baseline needs (warmup + 4) minutes of 1.5 x alerts.anomaly.minImpressions
   * impressions.
   */
  public static final int DEFAULT_ANOMALIES = 0;

  public static final int DEFAULT_SILENT_SOURCES = 1;

  /**
   * What the scheduled alert check should find, each on a campaign or source of its own: bursts of
   * orphan clicks, campaigns overrunning their budget, campaigns spending too fast early in the
   * day, CTR spikes after a steady baseline, and sources going silent before the end.
   */
  public record ScheduledPatterns(
      int orphanBursts, int budgetOverruns, int budgetPacings, int anomalies, int silentSources) {
    public static final ScheduledPatterns DEFAULTS =
        new ScheduledPatterns(
            DEFAULT_ORPHAN_BURSTS,
            DEFAULT_BUDGET_OVERRUNS,
            DEFAULT_BUDGET_PACINGS,
            DEFAULT_ANOMALIES,
            DEFAULT_SILENT_SOURCES);
    public static final ScheduledPatterns NONE = new ScheduledPatterns(0, 0, 0, 0, 0);

    public ScheduledPatterns {
      for (int count :
          new int[] {orphanBursts, budgetOverruns, budgetPacings, anomalies, silentSources}) {
        requireThat(
            count >= 0 && count <= 100,
            "scheduled alert patterns must be 0-100 each, were " + count);
      }
    }
  }

  public TrafficProfile {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(scheduledPatterns, "scheduledPatterns");
    Objects.requireNonNull(mix, "mix");
    Objects.requireNonNull(users, "users");
    requireThat(events >= 1, "events must be at least 1, was " + events);
    requireThat(
        !duration.isNegative() && duration.toMillis() >= 60_000,
        "duration must be at least one minute, was " + duration);
    requireThat(
        campaigns >= 1 && campaigns <= 100_000, "campaigns must be 1-100000, was " + campaigns);
    users.ifPresent(
        count ->
            requireThat(
                count >= 1 && count <= MAX_USERS,
                "users must be 1-" + MAX_USERS + ", was " + count));
    requireRate("duplicateRate", duplicateRate);
    requireRate("idConflictRate", idConflictRate);
    requireRate("outOfOrderRate", outOfOrderRate);
    requireRate("lateRate", lateRate);
    requireRate("malformedRate", malformedRate);
    requireRate("botRate", botRate);
    requireThat(
        outOfOrderRate + lateRate <= 1,
        "outOfOrderRate + lateRate must not exceed 1 (a record is delivered either way), was "
            + (outOfOrderRate + lateRate));
    requireThat(
        outOfOrderRate == 0 || config.windows().allowedLateness().toSeconds() >= 1,
        "outOfOrderRate needs windows.allowedLateness of at least 1 s (records are held back by up to a quarter"
            + " of it), was "
            + config.windows().allowedLateness());
    requireThat(
        clickFloods >= 0 && clickFloods <= 500, "clickFloods must be 0-500, was " + clickFloods);
    requireThat(
        clickInjections >= 0 && clickInjections <= 100_000,
        "clickInjections must be 0-100000, was " + clickInjections);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  public Instant end() {
    return start.plus(duration);
  }

  /** The most an out-of-order record is held back: a quarter of the allowed lateness. */
  static Duration maxDisplacement(AdstreamConfig config) {
    return config.windows().allowedLateness().dividedBy(4);
  }

  private static void requireRate(String name, double rate) {
    requireThat(rate >= 0 && rate <= 1, name + " must be between 0 and 1, was " + rate);
  }

  private static void requireThat(boolean condition, String problem) {
    if (!condition) {
      throw new IllegalArgumentException(problem);
    }
  }

  /**
   * Defaults: a realistic hour of 100,000 events over 50 campaigns, with a little of every defect.
   */
  public static final class Builder {
    private long seed = DEFAULT_SEED;
    private int events = DEFAULT_EVENTS;
    private Instant start;
    private Duration duration = Duration.ofMinutes(DEFAULT_DURATION_MINUTES);
    private int campaigns = DEFAULT_CAMPAIGNS;
    private OptionalInt users = OptionalInt.empty();
    private double duplicateRate = DEFAULT_DUPLICATE_RATE;
    private double idConflictRate = DEFAULT_ID_CONFLICT_RATE;
    private double outOfOrderRate = DEFAULT_OUT_OF_ORDER_RATE;
    private double lateRate = DEFAULT_LATE_RATE;
    private double malformedRate = DEFAULT_MALFORMED_RATE;
    private double botRate = DEFAULT_BOT_RATE;
    private int clickFloods = DEFAULT_CLICK_FLOODS;
    private int clickInjections = DEFAULT_CLICK_INJECTIONS;
    private ScheduledPatterns scheduledPatterns = ScheduledPatterns.DEFAULTS;
    private Mix mix = Mix.DISPLAY;
    private AdstreamConfig config = AdstreamConfig.defaults();

    private Builder() {}

    private Builder(TrafficProfile profile) {
      seed = profile.seed;
      events = profile.events;
      start = profile.start;
      duration = profile.duration;
      campaigns = profile.campaigns;
      users = profile.users;
      duplicateRate = profile.duplicateRate;
      idConflictRate = profile.idConflictRate;
      outOfOrderRate = profile.outOfOrderRate;
      lateRate = profile.lateRate;
      malformedRate = profile.malformedRate;
      botRate = profile.botRate;
      clickFloods = profile.clickFloods;
      clickInjections = profile.clickInjections;
      scheduledPatterns = profile.scheduledPatterns;
      mix = profile.mix;
      config = profile.config;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The approximate number of records to emit. */
    public Builder events(int events) {
      this.events = events;
      return this;
    }

    public Builder start(Instant start) {
      this.start = start;
      return this;
    }

    public Builder duration(Duration duration) {
      this.duration = duration;
      return this;
    }

    public Builder campaigns(int campaigns) {
      this.campaigns = campaigns;
      return this;
    }

    /**
     * How many users the ad traffic comes from (crawlers and the click floods' devices aside). By
     * default sized to the traffic, at least 100: a search user clicks about 12 times in the span,
     * a display user is served about 25 impressions. Fewer users click and convert more each.
     */
    public Builder users(int users) {
      this.users = OptionalInt.of(users);
      return this;
    }

    /** Share of well-formed records sent a second time, byte for byte, a little later. */
    public Builder duplicateRate(double rate) {
      this.duplicateRate = rate;
      return this;
    }

    /** Share of well-formed records whose ids are sent again later with a changed payload. */
    public Builder idConflictRate(double rate) {
      this.idConflictRate = rate;
      return this;
    }

    /** Share of well-formed records delivered behind newer ones, by at most allowedLateness/4. */
    public Builder outOfOrderRate(double rate) {
      this.outOfOrderRate = rate;
      return this;
    }

    /**
     * Share of well-formed impressions, clicks and conversions delivered more than 2 x
     * allowedLateness behind the newest event time seen.
     */
    public Builder lateRate(double rate) {
      this.lateRate = rate;
      return this;
    }

    /** Share of records replaced by a malformed one that must be quarantined. */
    public Builder malformedRate(double rate) {
      this.malformedRate = rate;
      return this;
    }

    /** Share of clicks (with their impressions) made by crawlers. */
    public Builder botRate(double rate) {
      this.botRate = rate;
      return this;
    }

    /**
     * How many times one device or one IP fires more than the click-flood threshold within a
     * minute.
     */
    public Builder clickFloods(int floods) {
      this.clickFloods = floods;
      return this;
    }

    /** How many clicks are injected a few seconds before a conversion. */
    public Builder clickInjections(int injections) {
      this.clickInjections = injections;
      return this;
    }

    /**
     * The patterns the scheduled alert check should find; {@link ScheduledPatterns#DEFAULTS} unless
     * set.
     */
    public Builder scheduledPatterns(ScheduledPatterns patterns) {
      this.scheduledPatterns = patterns;
      return this;
    }

    /** What the ad traffic is made of; {@link Mix#DISPLAY} unless set. */
    public Builder mix(Mix mix) {
      this.mix = mix;
      return this;
    }

    public Builder config(AdstreamConfig config) {
      this.config = config;
      return this;
    }

    public TrafficProfile build() {
      return new TrafficProfile(
          seed,
          events,
          start,
          duration,
          campaigns,
          users,
          duplicateRate,
          idConflictRate,
          outOfOrderRate,
          lateRate,
          malformedRate,
          botRate,
          clickFloods,
          clickInjections,
          scheduledPatterns,
          mix,
          config);
    }
  }
}
