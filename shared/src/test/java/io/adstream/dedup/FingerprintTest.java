package io.adstream.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.adstream.event.Impression;
import io.adstream.testing.TestEvents;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FingerprintTest {
  private final Fingerprint fingerprint = new Fingerprint();

  @Test
  void aFingerprintStaysWhatClaimsAndTheLakeAlreadyHold() {
    // a redelivery is told from a conflict by comparing with fingerprints written by earlier
    // versions
    assertThat(fingerprint.of(TestEvents.impression("i1", "c1", "u1", TestEvents.T0, 150), false))
        .isEqualTo("VqdX8hOg_t6rfO3ioXKFhQ");
    assertThat(
            fingerprint.of(
                TestEvents.click(
                    "k1", Optional.of("i1"), "c1", "u1", TestEvents.T0.plusSeconds(5), 400),
                false))
        .isEqualTo("RB-ARxZveRC7nbwrJY-fdA");
  }

  @Test
  void anyChangeOfContentChangesIt() {
    Impression impression = TestEvents.impression("i1", "c1", "u1", TestEvents.T0, 150);
    assertThat(fingerprint.of(TestEvents.impression("i1", "c1", "u1", TestEvents.T0, 151), false))
        .isNotEqualTo(fingerprint.of(impression, false));
  }
}
