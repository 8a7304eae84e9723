package io.adstream.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
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

  private final OutputStream out;
  private JsonGenerator generator;

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

  private JsonGenerator newGenerator() {
    try {
      return JSON.createGenerator(out);
    } catch (IOException e) {
      throw new UncheckedIOException("a generator on memory cannot fail", e);
    }
  }
}
