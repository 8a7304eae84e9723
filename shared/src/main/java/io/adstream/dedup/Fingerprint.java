package io.adstream.dedup;

import io.adstream.event.AdEvent;
import io.adstream.event.EventWriter;
import io.adstream.event.JsonObjectStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The content of an event without its event_id: SHA-256 of its canonical JSON, truncated to 128
 * bits. Taken before masking, so that a PII key rotation does not turn a producer's retry into a
 * conflict. Not thread-safe (one per processor).
 */
public final class Fingerprint {
  private final MessageDigest sha256;

  /** The content is streamed into the digest: no array holds it. */
  private final OutputStream digesting =
      new OutputStream() {
        @Override
        public void write(int b) {
          sha256.update((byte) b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
          sha256.update(bytes, offset, length);
        }
      };

  private final JsonObjectStream content = new JsonObjectStream(digesting);

  public Fingerprint() {
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /**
   * @param plainText the event was decoded from plain text ({@code DecodeResult.Valid}): its
   *     strings are hashed as they are, unescaped, which gives the same fingerprint faster
   */
  public String of(AdEvent event, boolean plainText) {
    sha256.reset(); // what a failed event left in the digest
    content.write(
        out -> JsonObjectStream.plain(out, plainText, o -> EventWriter.writeContent(event, o)));
    byte[] digest = sha256.digest();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(java.util.Arrays.copyOf(digest, 16));
  }
}
