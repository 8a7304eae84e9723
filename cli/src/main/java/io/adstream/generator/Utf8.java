package io.adstream.generator;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** UTF-8 well-formedness of raw record bytes. */
public final class Utf8 {
  private Utf8() {}

  public static boolean isValid(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) { // not ASCII: let the JDK's strict decoder judge
        return strictlyDecodes(bytes);
      }
    }
    return true;
  }

  private static boolean strictlyDecodes(byte[] bytes) {
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
