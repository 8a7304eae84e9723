package io.adstream.dedup.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.adstream.attribution.ClickJoin;
import io.adstream.attribution.ConversionJoin;
import io.adstream.attribution.CreditMove;
import io.adstream.attribution.Decision;
import io.adstream.attribution.UserState.ClickCredit;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A claim's stored decision reads back as it was written: a redelivery replays exactly it, and a
 * flood found later retracts a click by what its claim says it cost.
 */
class DecisionCodecTest {
  private static final Instant T = Instant.parse("2026-12-06T10:15:30.123Z");

  @Test
  void everyKindOfDecisionRoundTrips() {
    List<Decision> decisions =
        List.of(
            new Decision.ImpressionDecision(true),
            new Decision.PlainDecision(false),
            new Decision.ClickDecision(
                false,
                false,
                true,
                "cmp-1",
                1_250_000,
                new ClickJoin.Attributed("imp-1"),
                List.of()),
            new Decision.ClickDecision(
                false,
                true,
                false,
                "cmp-2",
                0,
                new ClickJoin.Orphan(ClickJoin.OrphanReason.NO_IMPRESSION_ID),
                List.of(
                    new CreditMove(
                        "cnv-1", T, 5_000_000, CreditMove.Method.CLICK_ID, Optional.empty()),
                    new CreditMove(
                        "cnv-2",
                        T.plusSeconds(60),
                        7_000_000,
                        CreditMove.Method.LAST_CLICK,
                        Optional.of(new ClickCredit("clk-0", T.minusSeconds(30), "cmp-0"))))),
            new Decision.ClickDecision(
                true, false, false, "cmp-3", 10_000_000_000L, new ClickJoin.Late(), List.of()),
            new Decision.ClickDecision(
                false, false, false, "cmp-4", 99, new ClickJoin.Pending("imp-9"), List.of()),
            new Decision.ConversionDecision(
                false, new ConversionJoin.ByClickId("clk-1", "cmp-1", T)),
            new Decision.ConversionDecision(
                false, new ConversionJoin.ByLastClick("clk-2", "cmp-2", T)),
            new Decision.ConversionDecision(false, new ConversionJoin.PendingClick("clk-3")),
            new Decision.ConversionDecision(false, new ConversionJoin.Unattributed()),
            new Decision.ConversionDecision(true, new ConversionJoin.Late()));

    for (Decision decision : decisions) {
      assertThat(DecisionCodec.decode(DecisionCodec.encode(decision))).isEqualTo(decision);
    }
  }
}
