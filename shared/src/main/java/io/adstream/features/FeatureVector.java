package io.adstream.features;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The online features of a user or device token, as of its latest event. Windows are whole
 * event-time minutes ending with {@code asOf}'s minute (1 h = 60 minutes, 24 h = 1,440);
 * conversions count over the 7 days before {@code asOf}.
 */
public record FeatureVector(
    Instant asOf, long clicks1h, long clicks24h, Optional<Instant> lastClick, long conversions7d) {

  /** Time since the last click, as seen at {@code now} (the reader's clock). */
  public Optional<Duration> sinceLastClick(Instant now) {
    return lastClick.map(last -> Duration.between(last, now));
  }
}
