package io.adstream.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.adstream.dedup.Fingerprint;
import io.adstream.landing.LandingLines;
import io.adstream.pii.KeyRing;
import io.adstream.pii.MaskedEvent;
import io.adstream.pii.PiiMasker;
import io.adstream.pii.VersionedSecret;
import io.adstream.stream.SourceRecord;
import io.adstream.validation.DecodeResult;
import io.adstream.validation.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Records of plain text (ASCII, no backslash) have their strings written without escaping: the
 * fingerprint and the lake line must come out exactly as Jackson's escaping writes them, or a retry
 * would turn into a conflict and the lake would change format.
 */
class PlainTextWritingTest {
  private final EventCodec codec = EventCodec.builder().build();
  private final PiiMasker masker =
      PiiMasker.builder().keyProvider(KeyRing.of(new VersionedSecret(1, new byte[32]))).build();
  private final Fingerprint fingerprint = new Fingerprint();
  private final LandingLines lines = new LandingLines();

  @Test
  void plainTextIsWrittenToTheBytesEscapingWrites() {
    long seed = new SplittableRandom().nextLong();
    RandomEvents events = new RandomEvents(new SplittableRandom(seed));
    int plain = 0;
    int escaped = 0;
    for (int i = 0; i < 5_000; i++) {
      byte[] encoded = codec.encode(events.next());
      String as =
          "seed %d, event %d: %s".formatted(seed, i, new String(encoded, StandardCharsets.UTF_8));
      DecodeResult.Valid valid = (DecodeResult.Valid) codec.decode(encoded, EventSamples.NOW);
      assertThat(valid.plainText()).as(as).isEqualTo(isPlainAscii(encoded));
      if (!valid.plainText()) {
        escaped++;
        continue;
      }
      plain++;
      assertThat(fingerprint.of(valid.event(), true))
          .as(as)
          .isEqualTo(fingerprint.of(valid.event(), false));
      MaskedEvent masked = masker.mask(valid.event());
      SourceRecord source =
          new SourceRecord(
              "events", "shardId-000000000000", "4959" + i, "p", EventSamples.NOW, encoded);
      Optional<Boolean> invalid = Optional.of(i % 2 == 0);
      assertThat(
              new String(
                  lines.enriched(masked, source, false, invalid, "f", true),
                  StandardCharsets.UTF_8))
          .as(as)
          .isEqualTo(
              new String(
                  lines.enriched(masked, source, false, invalid, "f", false),
                  StandardCharsets.UTF_8));
    }
    // both kinds must occur, or the comparison above proves nothing
    assertThat(plain).as("plain records of 5,000").isGreaterThan(1_000);
    assertThat(escaped).as("records with escapes or non-ASCII text").isGreaterThan(1_000);
  }

  @Test
  void aBackslashOrANonAsciiCharacterAtAnyOffsetMakesARecordNotPlain() {
    String sample =
        new String(
            codec.encode(
                ((DecodeResult.Valid)
                        codec.decode(EventSamples.bytes("impression-1"), EventSamples.NOW))
                    .event()),
            StandardCharsets.UTF_8); // compact, as producers send it
    // the sample's fields, with user_agent moved last: its end then walks across the last eight
    // bytes of the record, which are read one by one, and the eight-byte words before them
    String userAgent = "\"user_agent\":\"";
    int start = sample.indexOf(userAgent);
    int end = sample.indexOf('"', start + userAgent.length()) + 1;
    String others = sample.substring(0, start) + sample.substring(end + 1, sample.length() - 1);
    for (int length = 0; length < 24; length++) {
      String text = "Mozilla/5.0 " + "x".repeat(length);
      String plain = others + "," + userAgent + text + "\"}";
      assertThat(decode(plain).plainText()).as(plain).isTrue();
      for (String unplain : new String[] {"\\/", "\u00e9"}) {
        String record = others + "," + userAgent + text + unplain + "\"}";
        assertThat(decode(record).plainText()).as(record).isFalse();
      }
    }
  }

  private DecodeResult.Valid decode(String record) {
    return (DecodeResult.Valid)
        codec.decode(record.getBytes(StandardCharsets.UTF_8), EventSamples.NOW);
  }

  private static boolean isPlainAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0 || b == '\\') {
        return false;
      }
    }
    return true;
  }
}
