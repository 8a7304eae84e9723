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
   * {@code ip:<ip>}, its clicks each from another device) firing {@code clicks} clicks within one minute.
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
  record ClickInjection(String clickId, String conversionId, long delayMillis, Instant conversionMinute)
      implements InjectedPattern {
    @Override
    public String kind() {
      return "click_injection";
    }

    @Override
    public List<ExpectedAlert> alerts() {
      return List.of(
          new ExpectedAlert(ExpectedAlert.CLICK_INJECTION, ExpectedAlert.clickSubject(clickId), conversionMinute));
    }
  }

  /** A crawler's accepted clicks: one alert per minute in which it clicked. */
  record BotClicks(String deviceId, String userAgent, List<String> clickIds, List<Instant> minutes)
      implements InjectedPattern {
    @Override
    public String kind() {
      return "bot_clicks";
    }

    @Override
    public List<ExpectedAlert> alerts() {
      return minutes.stream()
          .map(m -> new ExpectedAlert(ExpectedAlert.BOT_CLICK, ExpectedAlert.deviceSubject(deviceId), m))
          .toList();
    }
  }

  /**
   * A search-ads row restated ({@code restatementEventId}, later report time) and the restatement
   * delivered before the row it restates ({@code originalEventId}): the restatement must still win.
   */
  record RestatementOutOfOrder(String originalEventId, String restatementEventId) implements InjectedPattern {
    @Override
    public String kind() {
      return "restatement_out_of_order";
    }

    @Override
    public List<ExpectedAlert> alerts() {
      return List.of();
    }
  }
}
