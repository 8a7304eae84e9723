package io.adstream.attribution;

import java.util.Optional;

/** How a conversion was credited to a click (and so to a campaign). */
public sealed interface ConversionJoin {

  /** The campaign credited now, if any. */
  default Optional<String> campaignId() {
    return Optional.empty();
  }

  record ByClickId(String clickId, String campaign, java.time.Instant clickTime)
      implements ConversionJoin {
    @Override
    public Optional<String> campaignId() {
      return Optional.of(campaign);
    }
  }

  /**
   * Credited to the user's last valid click; a later-arriving better click may take the credit
   * over.
   */
  record ByLastClick(String clickId, String campaign, java.time.Instant clickTime)
      implements ConversionJoin {
    @Override
    public Optional<String> campaignId() {
      return Optional.of(campaign);
    }
  }

  /** Its click had not arrived: the click credits it when it does. */
  record PendingClick(String clickId) implements ConversionJoin {}

  record Unattributed() implements ConversionJoin {}

  record Late() implements ConversionJoin {}
}
