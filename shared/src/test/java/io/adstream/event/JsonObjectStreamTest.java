package io.adstream.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.adstream.testing.TestEvents;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonObjectStreamTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final JsonObjectStream objects = new JsonObjectStream(out);

  @Test
  void objectsOneAfterAnotherAreTheBytesOfEachAlone() {
    AdEvent impression = TestEvents.impression("i1", "c1", "u1", TestEvents.T0, 150);
    AdEvent click =
        TestEvents.click("k1", Optional.of("i1"), "c1", "u1", TestEvents.T0.plusSeconds(5), 400);
    objects.write(o -> EventWriter.writeFields(impression, o));
    objects.write(o -> EventWriter.writeFields(click, o));
    String expected =
        new String(EventWriter.encode(impression), StandardCharsets.UTF_8)
            + new String(EventWriter.encode(click), StandardCharsets.UTF_8);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
  }

  @Test
  void anObjectAfterAFailedOneIsWhole() {
    assertThatThrownBy(
            () ->
                objects.write(
                    o -> {
                      o.writeStringField("a", "b");
                      throw new IllegalArgumentException("a value that cannot be written");
                    }))
        .hasMessage("a value that cannot be written");
    out.reset();
    objects.write(o -> o.writeStringField("c", "d"));
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"c\":\"d\"}");
  }
}
