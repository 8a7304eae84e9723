package io.adstream.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class PaddedKeyHmacTest {
  @Test
  void givesTheBytesOfTheJdksHmacForKeysAndMessagesOfEveryLength() throws Exception {
    SplittableRandom random = new SplittableRandom(7);
    Mac reference = Mac.getInstance("HmacSHA256");
    byte[] out = new byte[PaddedKeyHmac.LENGTH];
    // keys around the 64-byte block (shorter ones padded, longer ones hashed first); messages
    // around the block too, so the inner hash spans one, two and three compressions
    for (int keyLength : new int[] {1, 16, 32, 63, 64, 65, 100, 200}) {
      byte[] key = bytes(random, keyLength);
      PaddedKeyHmac hmac = new PaddedKeyHmac(key);
      reference.init(new SecretKeySpec(key, "HmacSHA256"));
      for (int i = 0; i < 200; i++) {
        byte[] prefix = bytes(random, random.nextInt(8));
        byte[] message = bytes(random, random.nextInt(160));
        reference.update(prefix);
        byte[] expected = reference.doFinal(message);

        hmac.mac(prefix, message, out);

        assertThat(out).as("key of %d bytes, message %d", keyLength, i).isEqualTo(expected);
      }
    }
  }

  private static byte[] bytes(SplittableRandom random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }
}
