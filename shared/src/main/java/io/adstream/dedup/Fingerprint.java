package io.adstream.dedup;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.adstream.event.AdEvent;
import io.adstream.event.EventWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The content of an event without its event_id: SHA-256 of its canonical JSON, truncated to 128 bits. Taken
 * before masking, so that a PII key rotation does not turn a producer's retry into a conflict. Not thread-safe
 * (one per processor).
 */
public final class Fingerprint {
  private static final JsonFactory JSON = new JsonFactory();

  private final MessageDigest sha256;
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

  public Fingerprint() {
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  public String of(AdEvent event) {
    sha256.reset();
    try (JsonGenerator out = JSON.createGenerator(digesting)) {
      out.writeStartObject();
      EventWriter.writeContent(event, out);
      out.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("hashing in memory cannot fail", e);
    }
    byte[] digest = sha256.digest();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16));
  }
}
