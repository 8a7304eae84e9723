package io.adstream.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.adstream.validation.DecodeResult;
import io.adstream.validation.EventCodec;
import io.adstream.validation.Reason;
import io.adstream.validation.ReasonCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap.SimpleEntry;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every reason code, each produced by a real malformed record. */
class EventCodecReasonsTest {
  private static final Instant NOW = EventSamples.NOW;
  private final EventCodec codec =
      EventCodec.builder().futureTolerance(Duration.ofMinutes(5)).build();

  @Test
  void notJsonForTruncatedRecords() {
    byte[] impression = sample("impression-1");
    byte[] truncated = Arrays.copyOf(impression, impression.length / 2);

    assertThat(codes(truncated)).containsExactly("not_json");
  }

  @Test
  void notJsonForAnythingButOneObject() {
    assertThat(codes(bytes("[{\"event_id\":\"e-1\"}]"))).containsExactly("not_json");
    assertThat(codes(bytes("\"impression\""))).containsExactly("not_json");
    assertThat(codes(bytes(""))).containsExactly("not_json");
    assertThat(codes(bytes(new String(sample("click-1"), StandardCharsets.UTF_8) + " {}")))
        .containsExactly("not_json");
  }

  @Test
  void notJsonForADuplicatedFieldBesideTheOtherReasons() {
    List<Map.Entry<String, Object>> fields = fields("impression-1");
    fields.add(new SimpleEntry<>("cost_micros", 1));
    set(fields, "currency", "ZZZ");

    assertThat(codes(write(fields))).containsExactly("not_json", "bad_currency");
  }

  @Test
  void notJsonDoesNotQuoteTheInput() {
    DecodeResult.Invalid invalid = decodeInvalid(bytes("{\"event_id\": jane.doe@example.com}"));

    assertThat(invalid.reasons())
        .singleElement()
        .satisfies(r -> assertThat(r.detail()).doesNotContain("jane"));
  }

  @Test
  void notUtf8() {
    byte[] impression = sample("impression-1");
    int at = new String(impression, StandardCharsets.UTF_8).indexOf("ad-42") + 3;
    for (byte[] bad :
        List.of(
            new byte[] {(byte) 0xFF},
            new byte[] {(byte) 0xC0, (byte) 0xAF},
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})) {
      byte[] broken = new byte[impression.length + bad.length];
      System.arraycopy(impression, 0, broken, 0, at);
      System.arraycopy(bad, 0, broken, at, bad.length);
      System.arraycopy(impression, at, broken, at + bad.length, impression.length - at);

      assertThat(codes(broken)).containsExactly("not_utf8");
    }
  }

  @Test
  void tooLargeOnlyAboveSixtyFourKibibytes() {
    List<Map.Entry<String, Object>> fields = fields("impression-1");
    // a record is at most 64 KiB even where each field is within its own bound
    set(fields, "user_agent", "M".repeat(2048));
    fields.add(Map.entry("sessionId", ""));
    int padding = EventCodec.MAX_RECORD_BYTES - write(fields).length;
    fields.set(fields.size() - 1, Map.entry("sessionId", "M".repeat(padding)));
    assertThat(write(fields)).hasSize(EventCodec.MAX_RECORD_BYTES);
    assertThat(codes(write(fields))).containsExactly("unknown_field:sessionId");

    fields.set(fields.size() - 1, Map.entry("sessionId", "M".repeat(padding + 1)));
    assertThat(codes(write(fields))).containsExactly("too_large");
  }

  @Test
  void missingField() {
    List<Map.Entry<String, Object>> fields = fields("click-1");
    fields.removeIf(f -> f.getKey().equals("campaign_id"));

    assertThat(codes(write(fields))).containsExactly("missing_field:campaign_id");
  }

  @Test
  void missingEnvelopeFields() {
    List<Map.Entry<String, Object>> fields = fields("conversion-1");
    fields.removeIf(f -> f.getKey().equals("event_id") || f.getKey().equals("source"));

    assertThat(codes(write(fields)))
        .containsExactly("missing_field:event_id", "missing_field:source");
  }

  @Test
  void badTypeForStringsNumbersNullsAndEmptyText() {
    assertThat(codesWith("impression-1", "cost_micros", "2500"))
        .containsExactly("bad_type:cost_micros");
    assertThat(codesWith("impression-1", "cost_micros", 2500.0))
        .containsExactly("bad_type:cost_micros");
    assertThat(codesWith("impression-1", "campaign_id", 1001))
        .containsExactly("bad_type:campaign_id");
    assertThat(codesWith("impression-1", "ad_id", "")).containsExactly("bad_type:ad_id");
    assertThat(codesWith("impression-1", "ad_id", null)).containsExactly("bad_type:ad_id");
    assertThat(codesWith("impression-1", "ip", "203.0.113.256")).containsExactly("bad_type:ip");
    assertThat(codesWith("impression-1", "country", "ZZ")).containsExactly("bad_type:country");
    assertThat(codesWith("campaign_update-1", "status", "retired"))
        .containsExactly("bad_type:status");
    assertThat(codesWith("sem_stats-1", "match_type", "fuzzy"))
        .containsExactly("bad_type:match_type");
    assertThat(codesWith("sem_stats-1", "clicks", -1)).containsExactly("bad_type:clicks");
    assertThat(codesWith("impression-1", "schema_version", "1"))
        .containsExactly("bad_type:schema_version");
    assertThat(codesWith("impression-1", "event_time", true))
        .containsExactly("bad_type:event_time");
    assertThat(codesWith("impression-1", "user_id", Map.of("id", 1)))
        .containsExactly("bad_type:user_id");
    assertThat(
            codes(
                bytes(
                    new String(sample("impression-1"), StandardCharsets.UTF_8)
                        .replace("Mozilla/5.0", "Mozilla/\\ud800"))))
        .containsExactly("bad_type:user_agent");
  }

  @Test
  void escapedTextIsDecodedAndAPairedSurrogateEscapeIsACharacter() {
    String escaped =
        new String(sample("impression-1"), StandardCharsets.UTF_8)
            .replace("Mozilla/5.0", "M-\\ud83d\\ude00 \\\"42\\\"");

    DecodeResult result = codec.decode(bytes(escaped), NOW);

    assertThat(result)
        .isInstanceOfSatisfying(
            DecodeResult.Valid.class,
            v ->
                assertThat(((Impression) v.event()).userAgent())
                    .startsWith("M-\uD83D\uDE00 \"42\" ("));
  }

  @Test
  void integerOutsideSixtyFourBitsIsBadType() {
    String huge =
        new String(sample("impression-1"), StandardCharsets.UTF_8)
            .replace("2500", "92233720368547758070");

    assertThat(codes(bytes(huge))).containsExactly("bad_type:cost_micros");
  }

  @Test
  void optionalIdsMayBeAbsentOrNull() {
    assertThat(codec.decode(sample("click-2"), NOW)).isInstanceOf(DecodeResult.Valid.class);
    assertThat(codec.decode(sample("conversion-2"), NOW)).isInstanceOf(DecodeResult.Valid.class);
    List<Map.Entry<String, Object>> fields = fields("click-1");
    set(fields, "impression_id", null);

    DecodeResult result = codec.decode(write(fields), NOW);

    assertThat(result)
        .isInstanceOfSatisfying(
            DecodeResult.Valid.class,
            v -> assertThat(((Click) v.event()).impressionId()).isEmpty());
  }

  @Test
  void unknownField() {
    List<Map.Entry<String, Object>> fields = fields("impression-1");
    fields.add(new SimpleEntry<>("promo_code", "WINTER"));

    assertThat(codes(write(fields))).containsExactly("unknown_field:promo_code");
  }

  @Test
  void aFieldOfAnotherTypeIsUnknownHere() {
    List<Map.Entry<String, Object>> fields = fields("impression-1");
    fields.add(new SimpleEntry<>("email", "jane.doe@example.com"));

    assertThat(codes(write(fields))).containsExactly("unknown_field:email");
  }

  @Test
  void anUnknownNameThatCouldBePersonalDataIsIdentifiedByPosition() {
    List<Map.Entry<String, Object>> fields = fields("impression-1");
    fields.add(2, new SimpleEntry<>("jane.doe@example.com", true));

    DecodeResult.Invalid invalid = decodeInvalid(write(fields));

    assertThat(invalid.reasons()).extracting(Reason::code).containsExactly("unknown_field:#3");
    assertThat(invalid.reasons().get(0).detail()).doesNotContain("jane");
  }

  @Test
  void unknownEventType() {
    DecodeResult.Invalid invalid = decodeInvalid(withField("impression-1", "event_type", "view"));

    assertThat(invalid.reasons()).extracting(Reason::code).containsExactly("unknown_event_type");
    assertThat(invalid.eventType()).isEmpty();
    assertThat(invalid.eventId()).contains("evt-0b6f2c1e-5d3a-4f7b-9a61-2f0d8c4e7a10");
  }

  @Test
  void badTime() {
    assertThat(codesWith("impression-1", "event_time", "2026-02-30T10:15:30Z"))
        .containsExactly("bad_time:event_time");
    assertThat(codesWith("impression-1", "event_time", "2026-11-24T10:15:30"))
        .containsExactly("bad_time:event_time");
    assertThat(codesWith("impression-1", "event_time", "24/11/2026 10:15"))
        .containsExactly("bad_time:event_time");
    assertThat(codesWith("impression-1", "event_time", 253_402_300_800_000L))
        .containsExactly("bad_time:event_time");
    assertThat(codesWith("sem_stats-1", "report_time", "2026-11-24T25:00:00Z"))
        .containsExactly("bad_time:report_time");
    assertThat(codesWith("sem_stats-1", "period_end", "2026-11-22T00:00:00Z"))
        .containsExactly("bad_time:period_end");
  }

  @Test
  void futureEventTimeBeyondTheTolerance() {
    assertThat(
            codesWith(
                "impression-1",
                "event_time",
                NOW.plus(Duration.ofMinutes(5)).plusMillis(1).toEpochMilli()))
        .containsExactly("future_event_time");
    assertThat(
            codec.decode(
                withField("impression-1", "event_time", NOW.plus(Duration.ofMinutes(5)).toString()),
                NOW))
        .isInstanceOf(DecodeResult.Valid.class);
  }

  @Test
  void negativeMoney() {
    assertThat(codesWith("conversion-1", "value_micros", -1))
        .containsExactly("negative_money:value_micros");
    assertThat(codesWith("campaign_update-1", "daily_budget_micros", -500))
        .containsExactly("negative_money:daily_budget_micros");
  }

  @Test
  void moneyAboveTheMaximumOfItsEventType() {
    assertThat(codec.decode(withField("click-1", "cost_micros", 10_000_000_000L), NOW))
        .isInstanceOf(DecodeResult.Valid.class);
    assertThat(codesWith("click-1", "cost_micros", 10_000_000_001L))
        .containsExactly("money_too_large:cost_micros");
    // the same field has another maximum in another type
    assertThat(codesWith("impression-1", "cost_micros", 10_000_000_000L))
        .containsExactly("money_too_large:cost_micros");
    assertThat(codesWith("conversion-1", "value_micros", Long.MAX_VALUE))
        .containsExactly("money_too_large:value_micros");
    assertThat(codesWith("campaign_update-1", "daily_budget_micros", 1_000_000_000_000_001L))
        .containsExactly("money_too_large:daily_budget_micros");
    assertThat(codesWith("sem_stats-1", "conversion_value_micros", Long.MAX_VALUE - 1))
        .containsExactly("money_too_large:conversion_value_micros");
    assertThat(codesWith("sem_stats-1", "impressions", 1_000_000_000_001L))
        .containsExactly("count_too_large:impressions");
  }

  @Test
  void idsAreBoundedInLengthAndCharactersAndCarryNoCardNumber() {
    assertThat(codec.decode(withField("click-1", "campaign_id", "c".repeat(128)), NOW))
        .isInstanceOf(DecodeResult.Valid.class);
    assertThat(codesWith("click-1", "campaign_id", "c".repeat(129)))
        .containsExactly("too_long:campaign_id");
    assertThat(codesWith("click-1", "click_id", "x".repeat(3000)))
        .containsExactly("too_long:click_id");
    assertThat(codesWith("click-1", "campaign_id", "spring sale"))
        .containsExactly("bad_id:campaign_id");
    assertThat(codesWith("click-1", "campaign_id", "a@b.example"))
        .containsExactly("bad_id:campaign_id");
    assertThat(codesWith("conversion-1", "order_id", "jane.doe@example.com"))
        .containsExactly("bad_id:order_id");
    assertThat(codesWith("click-1", "ad_id", "ad/42")).containsExactly("bad_id:ad_id");
    assertThat(codesWith("conversion-1", "order_id", "ORD-4111-1111-1111-1111"))
        .containsExactly("personal_data:order_id");
  }

  @Test
  void freeTextAndPersonalFieldsAreBoundedInCharacters() {
    assertThat(codec.decode(withField("click-1", "user_agent", "\uD83D\uDE00".repeat(2048)), NOW))
        .isInstanceOf(DecodeResult.Valid.class);
    assertThat(codesWith("click-1", "user_agent", "u".repeat(2049)))
        .containsExactly("too_long:user_agent");
    assertThat(codesWith("click-1", "user_id", "u".repeat(257)))
        .containsExactly("too_long:user_id");
    assertThat(codesWith("conversion-1", "email", "e".repeat(250) + "@x.io"))
        .containsExactly("too_long:email");
    assertThat(codesWith("sem_stats-1", "keyword", "k".repeat(257)))
        .containsExactly("too_long:keyword");
  }

  @Test
  void timesBefore2000AreRejectedInEveryForm() {
    assertThat(codesWith("impression-1", "event_time", "0001-01-01T00:00:00Z"))
        .containsExactly("bad_time:event_time");
    assertThat(codesWith("impression-1", "event_time", "2000-01-01T00:30:00+01:00"))
        .containsExactly("bad_time:event_time");
    assertThat(codesWith("impression-1", "event_time", 946_684_799_999L))
        .containsExactly("bad_time:event_time");
    assertThat(codesWith("impression-1", "event_time", -1L)).containsExactly("bad_time:event_time");
    assertThat(codesWith("sem_stats-1", "period_start", "1999-12-31T00:00:00Z"))
        .containsExactly("bad_time:period_start");
    assertThat(codec.decode(withField("impression-1", "event_time", 946_684_800_000L), NOW))
        .isInstanceOf(DecodeResult.Valid.class);
  }

  @Test
  void badCurrency() {
    assertThat(codesWith("click-1", "currency", "ZZZ")).containsExactly("bad_currency");
    assertThat(codesWith("click-1", "currency", "eur")).containsExactly("bad_currency");
    assertThat(codesWith("click-1", "currency", "XXX")).containsExactly("bad_currency");
    assertThat(codesWith("click-1", "currency", 978)).containsExactly("bad_type:currency");
  }

  @Test
  void unsupportedSchemaVersion() {
    assertThat(codesWith("impression-1", "schema_version", 2))
        .containsExactly("unsupported_schema_version");
  }

  @Test
  void idConflictIsRepresentableForDedup() {
    AdEvent event = ((DecodeResult.Valid) codec.decode(sample("click-1"), NOW)).event();

    DecodeResult.Invalid conflict =
        DecodeResult.Invalid.of(
            event,
            Reason.of(ReasonCode.ID_CONFLICT, "event_id already accepted with another payload"));

    assertThat(conflict.reasons()).extracting(Reason::code).containsExactly("id_conflict");
    assertThat(Reason.parse("id_conflict", "x").kind()).isEqualTo(ReasonCode.ID_CONFLICT);
    assertThat(conflict.eventId()).contains(event.eventId());
  }

  @Test
  void aRecordWithSeveralProblemsReportsEveryOne() {
    List<Map.Entry<String, Object>> fields = fields("impression-1");
    fields.removeIf(f -> f.getKey().equals("placement_id"));
    set(fields, "cost_micros", -2500);
    set(fields, "currency", "EURO");
    set(fields, "event_time", "2026-13-01T00:00:00Z");
    set(fields, "schema_version", 7);
    fields.add(new SimpleEntry<>("promo_code", "X"));

    DecodeResult.Invalid invalid = decodeInvalid(write(fields));

    assertThat(invalid.reasons())
        .extracting(Reason::code)
        .containsExactlyInAnyOrder(
            "bad_time:event_time",
            "unsupported_schema_version",
            "missing_field:placement_id",
            "negative_money:cost_micros",
            "bad_currency",
            "unknown_field:promo_code");
    assertThat(invalid.eventId()).contains("evt-0b6f2c1e-5d3a-4f7b-9a61-2f0d8c4e7a10");
    assertThat(invalid.eventType()).contains(EventType.IMPRESSION);
    assertThat(invalid.eventTime()).isEmpty();
  }

  @Test
  void reasonsQuoteShortCodesButNeverFreeText() {
    assertThat(decodeInvalid(withField("click-1", "currency", "ZZZ")).reasons().get(0).detail())
        .contains("ZZZ");
    assertThat(
            decodeInvalid(withField("click-1", "currency", "jane@example.com"))
                .reasons()
                .get(0)
                .detail())
        .doesNotContain("jane");
    assertThat(
            decodeInvalid(withField("click-1", "ip", "jane@example.com")).reasons().get(0).detail())
        .doesNotContain("jane");
  }

  // -----------------------------------------------------------------------------------------------
  // helpers

  private List<String> codes(byte[] record) {
    return decodeInvalid(record).reasons().stream().map(Reason::code).toList();
  }

  private List<String> codesWith(String sample, String field, Object value) {
    return codes(withField(sample, field, value));
  }

  private DecodeResult.Invalid decodeInvalid(byte[] record) {
    DecodeResult result = codec.decode(record, NOW);
    assertThat(result).isInstanceOf(DecodeResult.Invalid.class);
    return (DecodeResult.Invalid) result;
  }

  private static byte[] withField(String sample, String field, Object value) {
    List<Map.Entry<String, Object>> fields = fields(sample);
    set(fields, field, value);
    return write(fields);
  }

  private static void set(List<Map.Entry<String, Object>> fields, String name, Object value) {
    fields.stream().filter(f -> f.getKey().equals(name)).findFirst().orElseThrow().setValue(value);
  }

  private static List<Map.Entry<String, Object>> fields(String sample) {
    return RecordMutator.fields(sample(sample)).orElseThrow();
  }

  private static byte[] write(List<Map.Entry<String, Object>> fields) {
    return RecordMutator.write(fields);
  }

  private static byte[] sample(String name) {
    return EventSamples.bytes(name);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
