package io.adstream.generator;

import java.time.Instant;
import java.util.List;

/** A pattern the generator planted on purpose, with the alerts it should raise. */
public sealed interface InjectedPattern {

  /** The pattern's kind as the truth file names it. */
  String kind();

  List<ExpectedAlert> alerts();

  /**
   * One device (subject {@code device:<id>}, its clicks each from another IP) or one IP (subject
   * {@code ip:<ip>}, its clicks each from another device) firing {@code clicks} clicks within one
   * minute.
   */
  record ClickFlood(String subject, Instant minute, int clicks) implements InjectedPattern {
    @Override
    public String kind() {
      return "click_flood";
    }

    @Override
    public List<ExpectedAlert> alerts() {
      return List.of(new ExpectedAlert(ExpectedAlert.CLICK_FLOOD, subject, minute));
    }
  }

  /** A click fired {@code delayMillis} before the user's conversion, which names it. */
  record ClickInjection(
      String clickId, String conversionId, long delayMillis, Instant conversionMinute)
      implements InjectedPattern {
    @Override
    public String kind() {
      return "click_injection";
    }

    @Override
    public List<ExpectedAlert> alerts() {
      return List.of(
          new ExpectedAlert(
              ExpectedAlert.CLICK_INJECTION,
              ExpectedAlert.clickSubject(clickId),
              conversionMinute));
    }
  }

  /**
   * A crawler's accepted clicks: one alert per alerts.botTraffic.window in which it clicked, each
   * named by its start in {@code windows}.
   */
  record BotClicks(String deviceId, String userAgent, List<String> clickIds, List<Instant> windows)
      implements InjectedPattern {
    @Override
    public String kind() {
      return "bot_clicks";
    }

    @Override
    public List<ExpectedAlert> alerts() {
      return windows.stream()
          .map(
              w ->
                  new ExpectedAlert(
                      ExpectedAlert.BOT_CLICK, ExpectedAlert.deviceSubject(deviceId), w))
          .toList();
    }
  }

  /**
   * A search-ads row restated ({@code restatementEventId}, later report time) and the restatement
   * delivered before the row it restates ({@code originalEventId}): the restatement must still win.
   */
  record RestatementOutOfOrder(String originalEventId, String restatementEventId)
      implements InjectedPattern {
    @Override
    public String kind() {
      return "restatement_out_of_order";
    }

    @Override
    public List<ExpectedAlert> alerts() {
      return List.of();
    }
  }

  /** A campaign of its own whose clicks in one hour come without impressions. */
  record OrphanBurst(String campaignId, Instant hour, int clicks) implements InjectedPattern {
    @Override
    public String kind() {
      return "orphan_burst";
    }

    @Override
    public List<ExpectedAlert> alerts() {
      return List.of(
          new ExpectedAlert(
              ExpectedAlert.ORPHAN_CLICKS, ExpectedAlert.campaignSubject(campaignId), hour));
    }
  }

  /**
   * A campaign of its own spending {@code spendMicros} against a daily budget of {@code
   * budgetMicros} in one UTC day; {@code early} when the spend falls so early in the day that it
   * also breaks the pacing rule.
   */
  record BudgetSpend(
      String campaignId, Instant day, long budgetMicros, long spendMicros, boolean early)
      implements InjectedPattern {
    @Override
    public String kind() {
      return early ? "budget_pacing" : "budget_overrun";
    }

    @Override
    public List<ExpectedAlert> alerts() {
      String subject = ExpectedAlert.campaignSubject(campaignId);
      List<ExpectedAlert> alerts = new java.util.ArrayList<>();
      if (early) {
        alerts.add(new ExpectedAlert(ExpectedAlert.BUDGET_PACING, subject, day));
      }
      if (spendMicros > budgetMicros) {
        alerts.add(new ExpectedAlert(ExpectedAlert.BUDGET_OVERRUN, subject, day));
      }
      return List.copyOf(alerts);
    }
  }

  /** A campaign of its own with steady minutes of traffic, then one minute whose CTR jumps. */
  record CtrSpike(String campaignId, Instant minute, int baselineMinutes)
      implements InjectedPattern {
    @Override
    public String kind() {
      return "ctr_spike";
    }

    @Override
    public List<ExpectedAlert> alerts() {
      return List.of(
          new ExpectedAlert(
              ExpectedAlert.ANOMALY, ExpectedAlert.campaignSubject(campaignId), minute));
    }
  }

  /**
   * A steady source that sends nothing after {@code lastEventTime}, twice its silence period before
   * the end.
   */
  record SilentSource(String source, Instant lastEventTime, int events) implements InjectedPattern {
    @Override
    public String kind() {
      return "silent_source";
    }

    @Override
    public List<ExpectedAlert> alerts() {
      return List.of(
          new ExpectedAlert(
              ExpectedAlert.SOURCE_SILENCE, ExpectedAlert.sourceSubject(source), lastEventTime));
    }
  }
}
