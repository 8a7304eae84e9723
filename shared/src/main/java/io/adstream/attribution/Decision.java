package io.adstream.attribution;

import java.util.List;
import java.util.Objects;

/** What was decided for an accepted event when it claimed its key; stored with the claim. */
public sealed interface Decision {

  /**
   * Later than the allowed lateness behind its shard's watermark: counted and landed, never joined.
   */
  boolean late();

  record ImpressionDecision(boolean late) implements Decision {}

  /**
   * @param crawler its user agent is on the crawler list: invalid, and never credited with a
   *     conversion
   * @param flooded its device or IP minute had more clicks than the flood threshold when it
   *     arrived: invalid (a flood found later invalidates it afterwards), but still credited as
   *     attribution ignores floods
   * @param costMicros what the click costs its campaign when valid: kept with the claim, so that a
   *     flood found later can retract it from the claim alone
   * @param credits conversions this click was credited with when it arrived: ones waiting for it by
   *     click_id, and ones it took over as the user's later last click
   */
  record ClickDecision(
      boolean late,
      boolean crawler,
      boolean flooded,
      String campaignId,
      long costMicros,
      ClickJoin join,
      List<CreditMove> credits)
      implements Decision {
    public ClickDecision {
      Objects.requireNonNull(campaignId, "campaignId");
      Objects.requireNonNull(join, "join");
      credits = List.copyOf(credits);
    }

    /** Not billable: a crawler, or part of a flood known when it arrived. */
    public boolean invalid() {
      return crawler || flooded;
    }

    /**
     * Whether conversions may be credited to it (docs/semantics.md: attribution ignores floods).
     */
    public boolean creditable() {
      return !late && !crawler;
    }
  }

  record ConversionDecision(boolean late, ConversionJoin join) implements Decision {
    public ConversionDecision {
      Objects.requireNonNull(join, "join");
    }
  }

  /** campaign_update and sem_stats: no join. */
  record PlainDecision(boolean late) implements Decision {}
}
