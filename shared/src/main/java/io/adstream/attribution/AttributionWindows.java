package io.adstream.attribution;

import io.adstream.config.AdstreamConfig;
import java.time.Duration;

/**
 * The windows attribution applies, and how much of a user's history it keeps, from the shared
 * configuration.
 */
public record AttributionWindows(
    Duration impressionWindow,
    Duration lookback,
    Duration allowedLateness,
    int maxClicksPerUser,
    int maxConversionsPerUser) {

  public static AttributionWindows of(AdstreamConfig config) {
    return new AttributionWindows(
        config.windows().impressionWindow(),
        config.windows().conversionLookback(),
        config.windows().allowedLateness(),
        config.state().maxClicksPerUser(),
        config.state().maxConversionsPerUser());
  }

  /**
   * Whether a click at {@code clickTime} joins an impression at {@code impressionTime}; both edges
   * inclusive.
   */
  public boolean clickJoinsImpression(
      java.time.Instant impressionTime, java.time.Instant clickTime) {
    return !clickTime.isBefore(impressionTime)
        && !clickTime.isAfter(impressionTime.plus(impressionWindow));
  }

  /**
   * Whether a conversion at {@code conversionTime} may be credited to a click at {@code clickTime}.
   */
  public boolean conversionJoinsClick(
      java.time.Instant clickTime, java.time.Instant conversionTime) {
    return UserState.credits(clickTime, conversionTime, lookback);
  }
}
