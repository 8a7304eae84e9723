package io.adstream.alerts;

import io.adstream.aggregation.AggregateReader;
import io.adstream.aggregation.CampaignMinute;
import io.adstream.aggregation.Measures;
import io.adstream.campaigns.CampaignBudgets;
import io.adstream.config.AdstreamConfig;
import io.adstream.config.AlertSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * The scheduled alert check (guarantee 6 (docs/guarantees.md)): orphan clicks, budgets, anomalies
 * and source silence, judged from the minute aggregates, the campaigns' budgets and the sources'
 * activity, and raised through the same alert sink as the event-driven rules. Every alert id is
 * (rule, subject, window), so a run that judges what an earlier run judged publishes nothing twice.
 *
 * <pre>{@code
 * AlertCheck.Result result = AlertCheck.builder()
 *     .config(config).aggregates(reader).budgets(campaigns).sources(sources).sink(sink)
 *     .build()
 *     .run();
 * }</pre>
 */
public final class AlertCheck {
  private final Duration lookback;
  private final OrphanClickRule orphans;
  private final BudgetRule budget;
  private final AnomalyRule anomaly;
  private final SourceSilenceRule silence;
  private final AggregateReader aggregates;
  private final CampaignBudgets budgets;
  private final SourceActivityReader sources;
  private final AlertSink sink;
  private final Clock clock;

  private AlertCheck(Builder builder) {
    AdstreamConfig config = Objects.requireNonNull(builder.config, "config");
    AlertSettings settings = config.alerts();
    this.lookback = settings.scheduledCheck().lookback();
    this.orphans = new OrphanClickRule(settings.orphanClicks(), config.windows().allowedLateness());
    this.budget = new BudgetRule(settings.budget());
    this.anomaly = new AnomalyRule(settings.anomaly());
    this.silence = new SourceSilenceRule(settings.sourceSilence());
    this.aggregates = Objects.requireNonNull(builder.aggregates, "aggregates");
    this.budgets = Objects.requireNonNull(builder.budgets, "budgets");
    this.sources = Objects.requireNonNull(builder.sources, "sources");
    this.sink = Objects.requireNonNull(builder.sink, "sink");
    this.clock = Objects.requireNonNull(builder.clock, "clock");
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * @param raised every alert the rules found, including those published by earlier runs
   * @param published those this run published
   */
  public record Result(List<Alert> raised, List<Alert> published) {
    public Result {
      raised = List.copyOf(raised);
      published = List.copyOf(published);
    }
  }

  public Result run() {
    Instant now = clock.instant();
    Instant judgeFrom = now.minus(lookback);
    SourceActivity activity = sources.read();
    if (activity.bySource().isEmpty()) {
      return new Result(List.of(), List.of());
    }
    Instant frontier = activity.frontier().orElseThrow();
    Instant asOf = frontier.isAfter(now) ? frontier : now;
    Instant firstDay = ScheduledWindows.floor(judgeFrom, ScheduledWindows.DAY);
    Instant baselineFrom = judgeFrom.minus(Duration.ofMinutes(anomaly.baselineMinutes()));
    Instant readFrom = baselineFrom.isBefore(firstDay) ? baselineFrom : firstDay;
    SortedMap<CampaignMinute, Measures> minutes =
        aggregates.minutes(readFrom, asOf.plusSeconds(60));

    List<Instant> days = new ArrayList<>();
    for (Instant day = firstDay; !day.isAfter(asOf); day = day.plus(ScheduledWindows.DAY)) {
      days.add(day);
    }
    TreeSet<String> campaigns = new TreeSet<>();
    minutes.keySet().forEach(at -> campaigns.add(at.campaignId()));

    List<Alert> raised = new ArrayList<>();
    raised.addAll(orphans.evaluate(minutes, judgeFrom, asOf, now));
    raised.addAll(budget.evaluate(minutes, days, budgets.dailyBudgetMicros(campaigns), now));
    raised.addAll(anomaly.evaluate(minutes, judgeFrom, now));
    raised.addAll(silence.evaluate(activity, now));
    return new Result(raised, sink.raise(raised));
  }

  public static final class Builder {
    private AdstreamConfig config;
    private AggregateReader aggregates;
    private CampaignBudgets budgets;
    private SourceActivityReader sources;
    private AlertSink sink;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Thresholds, windows and the lookback. */
    public Builder config(AdstreamConfig config) {
      this.config = config;
      return this;
    }

    public Builder aggregates(AggregateReader aggregates) {
      this.aggregates = aggregates;
      return this;
    }

    public Builder budgets(CampaignBudgets budgets) {
      this.budgets = budgets;
      return this;
    }

    public Builder sources(SourceActivityReader sources) {
      this.sources = sources;
      return this;
    }

    public Builder sink(AlertSink sink) {
      this.sink = sink;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public AlertCheck build() {
      return new AlertCheck(this);
    }
  }
}
