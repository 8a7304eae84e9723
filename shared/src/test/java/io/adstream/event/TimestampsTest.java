package io.adstream.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

  @ParameterizedTest
  @CsvSource({
    "2026-11-24T10:15:30.123Z, 2026-11-24T10:15:30.123Z",
    "2026-11-24T10:15:30Z, 2026-11-24T10:15:30Z",
    "2026-11-24t10:15:30z, 2026-11-24T10:15:30Z",
    "2026-11-24T11:15:30.5+01:00, 2026-11-24T10:15:30.500Z",
    "2026-11-24T05:45:30-04:30, 2026-11-24T10:15:30Z",
    "2026-11-24T10:15:30.123456789Z, 2026-11-24T10:15:30.123Z",
    "2024-02-29T00:00:00Z, 2024-02-29T00:00:00Z",
    "2000-02-29T00:00:00Z, 2000-02-29T00:00:00Z",
    "0000-01-01T00:00:00Z, 0000-01-01T00:00:00Z",
    "9999-12-31T23:59:59.999Z, 9999-12-31T23:59:59.999Z",
    "1969-12-31T23:59:59.999Z, 1969-12-31T23:59:59.999Z"
  })
  void parsesRfc3339WithOffsetsToTheMillisecond(String text, String expected) {
    assertThat(Timestamps.parse(text)).contains(Instant.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-11-24T10:15:30",
        "2026-11-24 10:15:30Z",
        "2026-11-24T10:15Z",
        "2026-11-24T10:15:30.Z",
        "2026-11-24T10:15:30+0100",
        "2026-11-24T10:15:30+24:00",
        "2026-02-29T00:00:00Z",
        "1900-02-29T00:00:00Z",
        "2026-04-31T00:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-00-10T00:00:00Z",
        "2026-11-24T24:00:00Z",
        "2026-11-24T23:60:00Z",
        "2026-11-24T23:59:60Z",
        "0000-01-01T00:00:00+00:01",
        "9999-12-31T23:59:59-00:01",
        "+2026-11-24T10:15:30Z",
        "2026-11-24T10:15:30Z ",
        "yesterday"
      })
  void rejectsOtherShapesDaysThatDoNotExistAndTimesOutsideTheRange(String text) {
    assertThat(Timestamps.parse(text)).isEmpty();
  }

  @Test
  void formatAndParseAgreeWithTheJdkOnRandomInstants() {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom random = new SplittableRandom(seed);
    DateTimeFormatter canonical =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    DateTimeFormatter offsetForm = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxxx");
    for (int i = 0; i < 10_000; i++) {
      Instant instant =
          Instant.ofEpochMilli(
              random.nextLong(Timestamps.MIN_EPOCH_MILLI, Timestamps.MAX_EPOCH_MILLI + 1));
      ZoneOffset offset = ZoneOffset.ofTotalSeconds(60 * random.nextInt(-18 * 60, 18 * 60 + 1));
      OffsetDateTime local = OffsetDateTime.ofInstant(instant, offset);

      assertThat(Timestamps.format(instant))
          .as("seed %d", seed)
          .isEqualTo(canonical.format(instant));
      assertThat(Timestamps.parse(Timestamps.format(instant)))
          .as("seed %d", seed)
          .contains(instant);
      if (local.getYear() >= 0 && local.getYear() <= 9999) {
        String withOffset = local.format(offsetForm);
        assertThat(Timestamps.parse(withOffset))
            .as("seed %d: %s", seed, withOffset)
            .contains(instant);
      }
    }
  }

  @Test
  void refusesToFormatWhatItWouldNotParse() {
    assertThatThrownBy(() -> Timestamps.format(Instant.parse("2026-11-24T10:15:30.123456Z")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Timestamps.format(Instant.parse("+10000-01-01T00:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
