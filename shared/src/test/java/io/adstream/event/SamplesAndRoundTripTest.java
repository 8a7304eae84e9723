package io.adstream.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import io.adstream.validation.DecodeResult;
import io.adstream.validation.EventCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SamplesAndRoundTripTest {
  private final EventCodec codec = EventCodec.builder().build();

  static Stream<EventSamples.Sample> samples() {
    return EventSamples.all().stream();
  }

  @Test
  void everyTypeHasAtLeastTwoSamples() {
    for (EventType type : EventType.values()) {
      assertThat(EventSamples.all())
          .filteredOn(s -> s.type() == type)
          .as(type.wireName())
          .hasSizeGreaterThanOrEqualTo(2);
    }
  }

  @ParameterizedTest
  @MethodSource("samples")
  void sampleValidatesAgainstItsSchemaAndTheDispatchingOne(EventSamples.Sample sample) {
    JsonSchema ownSchema = EventSchemas.schema(sample.type().wireName() + ".schema.json");

    assertThat(EventSchemas.problems(ownSchema, sample.bytes())).isEmpty();
    assertThat(EventSchemas.problems(EventSchemas.schema("event.schema.json"), sample.bytes()))
        .isEmpty();
  }

  @ParameterizedTest
  @MethodSource("samples")
  void sampleDecodesIntoTheModelAndRoundTrips(EventSamples.Sample sample) throws IOException {
    AdEvent event = decodeValid(sample.bytes());

    assertThat(event.type()).isEqualTo(sample.type());
    byte[] encoded = codec.encode(event);
    assertThat(decodeValid(encoded)).isEqualTo(event);
    assertThat(codec.encode(decodeValid(encoded))).isEqualTo(encoded);
    assertThat(EventSchemas.problems(EventSchemas.schema("event.schema.json"), encoded)).isEmpty();
  }

  @Test
  void encodingIsCanonical() {
    AdEvent click = decodeValid(EventSamples.bytes("click-2"));

    assertThat(new String(codec.encode(click), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"event_id\":\"evt-9d1b6e03-2a58-47c0-8e94-7f3c2d1b0a52\",\"event_type\":\"click\","
                + "\"event_time\":\"2026-11-24T10:02:05.000Z\",\"schema_version\":1,\"source\":\"ad-server-eu1\","
                + "\"click_id\":\"clk-55e0b7\",\"campaign_id\":\"cmp-1001\",\"ad_id\":\"ad-43\",\"user_id\":\"usr-3310\","
                + "\"device_id\":\"dev-77c0de21\",\"ip\":\"::ffff:198.51.100.23\",\"user_agent\":\"Mozilla/5.0 (iPhone; CPU iPhone OS "
                + "18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1\","
                + "\"cost_micros\":410000,\"currency\":\"GBP\"}");
  }

  @Test
  void theSampleLambdaEventCarriesEverySample() throws IOException {
    JsonNode lambdaEvent =
        new ObjectMapper().readTree(EventSamples.resource("lambda/kinesis-event.json"));
    List<AdEvent> carried =
        Stream.of(lambdaEvent.get("Records"))
            .flatMap(records -> java.util.stream.StreamSupport.stream(records.spliterator(), false))
            .map(
                record ->
                    decodeValid(
                        Base64.getDecoder().decode(record.get("kinesis").get("data").asText())))
            .toList();

    assertThat(carried)
        .containsExactlyInAnyOrderElementsOf(samples().map(s -> decodeValid(s.bytes())).toList());
  }

  @Test
  void randomEventsRoundTrip() {
    long seed = new SplittableRandom().nextLong();
    RandomEvents events = new RandomEvents(new SplittableRandom(seed));
    for (int i = 0; i < 5_000; i++) {
      AdEvent event = events.next();
      byte[] encoded = codec.encode(event);
      DecodeResult decoded = codec.decode(encoded, EventSamples.NOW);
      assertThat(decoded)
          .as("seed %d, event %d: %s", seed, i, new String(encoded, StandardCharsets.UTF_8))
          .isInstanceOfSatisfying(
              DecodeResult.Valid.class, valid -> assertThat(valid.event()).isEqualTo(event));
    }
  }

  private AdEvent decodeValid(byte[] bytes) {
    DecodeResult result = codec.decode(bytes, EventSamples.NOW);
    assertThat(result)
        .as(new String(bytes, StandardCharsets.UTF_8))
        .isInstanceOf(DecodeResult.Valid.class);
    return ((DecodeResult.Valid) result).event();
  }
}
