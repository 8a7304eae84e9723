package io.adstream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SourcePositionTest {
  @Test
  void sequencesCompareAsTheirPaddedForms() {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 100_000; i++) {
      String a = sequence(random);
      String b = random.nextInt(4) == 0 ? a : sequence(random);
      String padded = random.nextBoolean() ? SourcePosition.padSequence(b) : b;
      assertThat(Integer.signum(SourcePosition.compareSequences(a, padded)))
          .as(a + " vs " + padded)
          .isEqualTo(
              Integer.signum(
                  SourcePosition.padSequence(a).compareTo(SourcePosition.padSequence(b))));
    }
  }

  /** Up to 60 digits (real AWS sends 56), sometimes with leading zeros (an emulator's). */
  private static String sequence(SplittableRandom random) {
    StringBuilder digits = new StringBuilder();
    for (int n = random.nextInt(1, 61); n > 0; n--) {
      digits.append((char) ('0' + (random.nextInt(3) == 0 ? 0 : random.nextInt(10))));
    }
    return digits.toString();
  }
}
