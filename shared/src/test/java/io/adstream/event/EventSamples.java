package io.adstream.event;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The sample events of the events module, read from the classpath. */
public final class EventSamples {
  /** A clock reading after every sample's event time: samples decode as valid against it. */
  public static final Instant NOW = Instant.parse("2026-11-25T00:00:00Z");

  private static final String ROOT = "io/adstream/events/";

  /** One sample file: its name (e.g. {@code click-2}), type and bytes. */
  public record Sample(String name, EventType type, byte[] bytes) {
    @Override
    public String toString() {
      return name;
    }
  }

  private EventSamples() {}

  /** Every sample, {@code <type>-1.json}, {@code <type>-2.json}, ... for each type in turn. */
  public static List<Sample> all() {
    List<Sample> samples = new ArrayList<>();
    for (EventType type : EventType.values()) {
      for (int n = 1; ; n++) {
        String name = type.wireName() + "-" + n;
        byte[] bytes = resource("samples/" + name + ".json");
        if (bytes.length == 0) {
          break;
        }
        samples.add(new Sample(name, type, bytes));
      }
    }
    return samples;
  }

  /** The bytes of one sample, by name, e.g. {@code click-2}. */
  public static byte[] bytes(String name) {
    return all().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .map(Sample::bytes)
        .orElseThrow(() -> new IllegalArgumentException("no sample " + name));
  }

  /** A resource of the events module, or no bytes when it does not exist. */
  public static byte[] resource(String path) {
    try (InputStream in = EventSamples.class.getClassLoader().getResourceAsStream(ROOT + path)) {
      return in == null ? new byte[0] : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
