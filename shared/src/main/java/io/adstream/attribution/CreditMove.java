package io.adstream.attribution;

import io.adstream.attribution.UserState.ClickCredit;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A conversion credited to a click when the click was processed: a conversion that was waiting for
 * it by click_id, or one it took over from an earlier click as the user's later last click.
 *
 * @param from the click that held the credit before, if any
 */
public record CreditMove(
    String conversionId,
    Instant conversionTime,
    long valueMicros,
    Method method,
    Optional<ClickCredit> from) {
  public CreditMove {
    Objects.requireNonNull(conversionId, "conversionId");
    Objects.requireNonNull(conversionTime, "conversionTime");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(from, "from");
  }

  public enum Method {
    CLICK_ID,
    LAST_CLICK
  }
}
