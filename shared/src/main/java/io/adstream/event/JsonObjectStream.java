package io.adstream.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * JSON objects written one after another to one output stream through one Jackson generator,
 * reused. The processor writes two objects per record (the fingerprint's content and the enriched
 * line): a generator made for each (its write context, a buffer taken from the recycler pool, and
 * an output stream whose growth copies the bytes) cost about as much as writing the few hundred
 * bytes of the event. Objects follow each other without a separator, so the stream receives exactly
 * the bytes a fresh generator would write for each. Not thread-safe: one per owner, as the digest
 * or buffer it writes to.
 */
public final class JsonObjectStream {
  private static final JsonFactory JSON =
      new JsonFactoryBuilder().rootValueSeparator((String) null).build();

  /** Writes the fields of an object the stream has opened and will close. */
  public interface Fields {
    void write(JsonGenerator out) throws IOException;
  }

  /** Longer strings are escaped by Jackson even when plain: user agents reach 2,048 characters. */
  private static final int MAX_COPIED_LENGTH = 2_048;

  private final OutputStream out;
  private PlainStrings generator;

  public JsonObjectStream(OutputStream out) {
    this.out = out;
    this.generator = newGenerator();
  }

  /**
   * Writes one object, every byte of it flushed to the stream when this returns. When {@code
   * fields} throws, the stream has received part of an object, which the owner discards; the next
   * object is written by a new generator, since this one was left inside the failed object.
   */
  public void write(Fields fields) {
    boolean written = false;
    try {
      generator.writeStartObject();
      fields.write(generator);
      generator.writeEndObject();
      generator.flush();
      written = true;
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    } finally {
      if (!written) {
        generator = newGenerator();
      }
    }
  }

  /**
   * Runs {@code fields} with the strings they write copied as they are, not escaped character by
   * character: the strings of an event decoded from plain text ({@code DecodeResult.Valid}'s {@code
   * plainText}), which hold nothing JSON escapes, so the bytes are the same. Escaping took a fifth
   * to a quarter of the time of the two writes of each record (fingerprint and lake line). On a
   * generator this stream did not make, or when {@code plainText} is false, {@code fields} write as
   * usual.
   */
  public static void plain(JsonGenerator out, boolean plainText, Fields fields) throws IOException {
    if (!plainText || !(out instanceof PlainStrings strings)) {
      fields.write(out);
      return;
    }
    strings.plain = true;
    try {
      fields.write(out);
    } finally {
      strings.plain = false;
    }
  }

  private PlainStrings newGenerator() {
    try {
      return new PlainStrings(JSON.createGenerator(out));
    } catch (IOException e) {
      throw new UncheckedIOException("a generator on memory cannot fail", e);
    }
  }

  /** Jackson's generator, copying strings while {@link #plain} is set. */
  private static final class PlainStrings extends JsonGeneratorDelegate {
    private final byte[] copied = new byte[MAX_COPIED_LENGTH];
    private boolean plain;

    PlainStrings(JsonGenerator jackson) {
      super(jackson, false);
    }

    @Override
    @SuppressWarnings("deprecation") // the one String method that copies ASCII into an array
    public void writeString(String text) throws IOException {
      int length = text.length();
      if (!plain || length > copied.length) {
        delegate.writeString(text);
        return;
      }
      text.getBytes(0, length, copied, 0);
      delegate.writeRawUTF8String(copied, 0, length);
    }
  }
}
