package io.adstream.serving;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adstream.aggregation.Measures;

/**
 * The measures a campaign manager reads, with the derived ratios: CTR = clicks / impressions, CPA =
 * cost / conversions (micros, rounded half up). A ratio over zero is null, not 0 or infinity.
 */
final class MeasuresJson {
  private MeasuresJson() {}

  static void write(Measures m, ObjectNode into) {
    into.put("impressions", m.impressions());
    into.put("clicks", m.clicks());
    if (m.impressions() > 0) {
      into.put("ctr", (double) m.clicks() / m.impressions());
    } else {
      into.putNull("ctr");
    }
    into.put("cost_micros", m.costMicros());
    into.put("conversions", m.conversions());
    into.put("conversion_value_micros", m.conversionValueMicros());
    if (m.conversions() > 0) {
      into.put("cpa_micros", roundedHalfUp(m.costMicros(), m.conversions()));
    } else {
      into.putNull("cpa_micros");
    }
    into.put("invalid_clicks", m.invalidClicks());
  }

  /**
   * {@code dividend / divisor} (divisor positive) rounded half up, with no intermediate that can
   * overflow.
   */
  static long roundedHalfUp(long dividend, long divisor) {
    long quotient = Math.floorDiv(dividend, divisor);
    long remainder = Math.floorMod(dividend, divisor);
    return remainder >= divisor - remainder ? quotient + 1 : quotient;
  }
}
