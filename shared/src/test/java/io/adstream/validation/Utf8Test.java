package io.adstream.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Utf8Test {

  @Test
  void agreesWithTheJdksStrictDecoderOnRandomMostlyTextBytes() {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom random = new SplittableRandom(seed);
    byte[][] pieces = {
      "plain ascii text ".getBytes(StandardCharsets.UTF_8),
      "é".getBytes(StandardCharsets.UTF_8),
      "日本".getBytes(StandardCharsets.UTF_8),
      "😀".getBytes(StandardCharsets.UTF_8),
      {(byte) 0xC0, (byte) 0xAF},
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
      {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
      {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
      {(byte) 0xFF},
      {(byte) 0x80},
      {(byte) 0xE2, (byte) 0x82},
      {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}
    };
    for (int i = 0; i < 20_000; i++) {
      ByteBuffer buffer = ByteBuffer.allocate(512);
      int count = random.nextInt(12);
      for (int p = 0; p < count; p++) {
        // mostly valid pieces, so that both answers occur often; lengths vary so every word
        // alignment is hit
        byte[] piece =
            pieces[random.nextInt(10) < 8 ? random.nextInt(4) : random.nextInt(pieces.length)];
        int length =
            random.nextInt(20) == 0
                ? 1 + random.nextInt(piece.length)
                : piece.length; // sometimes cut short
        buffer.put(piece, 0, length);
      }
      byte[] bytes = new byte[buffer.position()];
      buffer.flip().get(bytes);

      assertThat(Utf8.isWellFormed(bytes))
          .as("seed %d: %s", seed, HexFormat.of().formatHex(bytes))
          .isEqualTo(jdkAccepts(bytes));
    }
  }

  private static boolean jdkAccepts(byte[] bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
