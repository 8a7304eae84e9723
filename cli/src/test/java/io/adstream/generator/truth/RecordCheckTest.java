package io.adstream.generator.truth;

import static io.adstream.generator.truth.Rec.T0;
import static io.adstream.generator.truth.Rec.click;
import static io.adstream.generator.truth.Rec.clickWithoutImpression;
import static io.adstream.generator.truth.Rec.conversion;
import static io.adstream.generator.truth.Rec.impression;
import static io.adstream.generator.truth.Rec.min;
import static org.assertj.core.api.Assertions.assertThat;

import io.adstream.generator.truth.RecordCheck.Rejected;
import io.adstream.generator.truth.RecordCheck.Valid;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each quarantine reason code, from a hand-written record. */
class RecordCheckTest {
  /** The latest acceptable event time: the processing time plus the future tolerance. */
  private static final Duration LATEST = Duration.ofDays(30);

  private final RecordCheck check = new RecordCheck(T0.plus(LATEST).toEpochMilli());

  static Stream<Arguments> rejected() {
    byte[] latin1 = impression("imp-1", min(0)).with("user_agent", "Caf\u00e9").bytes();
    String json = new String(latin1, StandardCharsets.UTF_8);
    byte[] notUtf8 = json.replace("Caf\u00e9", "Caf?").getBytes(StandardCharsets.ISO_8859_1);
    notUtf8[json.indexOf("Caf?") + 3] = (byte) 0xE9;
    return Stream.of(
        Arguments.of(
            "cut short",
            "{\"event_id\":\"e-1\",\"event_ty".getBytes(StandardCharsets.UTF_8),
            List.of("not_json")),
        Arguments.of("an array", "[1,2]".getBytes(StandardCharsets.UTF_8), List.of("not_json")),
        Arguments.of("two objects", "{} {}".getBytes(StandardCharsets.UTF_8), List.of("not_json")),
        Arguments.of("Latin-1 bytes", notUtf8, List.of("not_utf8")),
        Arguments.of(
            "no ad_id",
            impression("imp-1", min(0)).without("ad_id").bytes(),
            List.of("missing_field:ad_id")),
        Arguments.of(
            "no event_type",
            impression("imp-1", min(0)).without("event_type").bytes(),
            List.of("missing_field:event_type")),
        Arguments.of(
            "null click_id",
            click("clk-1", "imp-1", min(0)).with("click_id", null).bytes(),
            List.of("missing_field:click_id")),
        Arguments.of(
            "money as text",
            impression("imp-1", min(0)).with("cost_micros", "1500").bytes(),
            List.of("bad_type:cost_micros")),
        Arguments.of(
            "time as boolean",
            impression("imp-1", min(0)).with("event_time", true).bytes(),
            List.of("bad_type:event_time")),
        Arguments.of(
            "fractional count",
            Rec.semStats("e-1", min(70), 3).with("clicks", 1.5).bytes(),
            List.of("bad_type:clicks")),
        Arguments.of(
            "unknown status",
            Rec.campaignUpdate("e-1", min(0)).with("status", "deleted").bytes(),
            List.of("bad_type:status")),
        Arguments.of(
            "unknown type",
            Rec.campaignUpdate("e-1", min(0)).with("event_type", "page_view").bytes(),
            List.of("unknown_event_type")),
        Arguments.of(
            "schema version 2",
            impression("imp-1", min(0)).with("schema_version", 2).bytes(),
            List.of("unsupported_schema_version")),
        Arguments.of(
            "negative value",
            conversion("cnv-1", min(0)).with("value_micros", -1).bytes(),
            List.of("negative_money:value_micros")),
        Arguments.of(
            "value above the conversion maximum",
            conversion("cnv-1", min(0)).with("value_micros", Long.MAX_VALUE).bytes(),
            List.of("money_too_large:value_micros")),
        Arguments.of(
            "a 3,000-character click id",
            click("clk-1", "imp-1", min(0)).with("click_id", "c".repeat(3_000)).bytes(),
            List.of("too_long:click_id")),
        Arguments.of(
            "a campaign id with a space",
            impression("imp-1", min(0)).with("campaign_id", "spring sale").bytes(),
            List.of("bad_id:campaign_id")),
        Arguments.of(
            "year 1",
            impression("imp-1", min(0)).with("event_time", "0001-01-01T00:00:00Z").bytes(),
            List.of("bad_time:event_time")),
        Arguments.of(
            "not a currency",
            conversion("cnv-1", min(0)).with("currency", "US$").bytes(),
            List.of("bad_currency")),
        Arguments.of(
            "1 ms too far ahead",
            impression("imp-1", LATEST.plusMillis(1)).bytes(),
            List.of("future_event_time")),
        Arguments.of(
            "extra field",
            impression("imp-1", min(0)).with("gclid", "x").bytes(),
            List.of("unknown_field:gclid")),
        Arguments.of(
            "two defects",
            impression("imp-1", min(0)).without("ad_id").with("currency", "EURO").bytes(),
            List.of("missing_field:ad_id", "bad_currency")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejected")
  void defectiveRecordsAreQuarantinedWithEveryReason(
      String what, byte[] line, List<String> reasons) {
    assertThat(check.check(line))
        .isInstanceOfSatisfying(
            Rejected.class,
            rejected -> assertThat(rejected.reasons()).containsExactlyElementsOf(reasons));
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        Arguments.of(
            "epoch-millisecond time",
            impression("imp-1", min(0)).with("event_time", T0.toEpochMilli()).bytes(),
            T0.toEpochMilli()),
        Arguments.of(
            "time with an offset",
            impression("imp-1", min(0)).with("event_time", "2026-03-02T11:00:00+01:00").bytes(),
            T0.toEpochMilli()),
        Arguments.of(
            "click without impression",
            clickWithoutImpression("clk-1", min(1)).bytes(),
            T0.plus(min(1)).toEpochMilli()),
        Arguments.of(
            "conversion without click",
            conversion("cnv-1", min(2)).bytes(),
            T0.plus(min(2)).toEpochMilli()),
        Arguments.of(
            "zero money",
            impression("imp-1", min(3)).with("cost_micros", 0).bytes(),
            T0.plus(min(3)).toEpochMilli()),
        Arguments.of(
            "the latest acceptable event time",
            impression("imp-1", LATEST).bytes(),
            T0.plus(LATEST).toEpochMilli()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void wellFormedRecordsPass(String what, byte[] line, long eventTime) {
    assertThat(check.check(line))
        .isInstanceOfSatisfying(
            Valid.class, valid -> assertThat(valid.eventTime()).isEqualTo(eventTime));
  }
}
