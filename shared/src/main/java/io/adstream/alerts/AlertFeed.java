package io.adstream.alerts;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Recent alerts, newest first: what the API and the dashboard show. */
public interface AlertFeed {

  /**
   * Alerts raised at or after {@code since}, newest first, at most {@code limit}, optionally only
   * one rule and/or one campaign.
   */
  List<Alert> since(Instant since, Optional<String> rule, Optional<String> campaignId, int limit);
}
