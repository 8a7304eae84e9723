package io.adstream.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import io.adstream.validation.DecodeResult;
import io.adstream.validation.EventCodec;
import io.adstream.validation.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

/**
 * The JSON Schemas and the codec agree on mutated records: schema-valid if and only if codec-valid,
 * except where the codec enforces a rule a schema cannot express. Those exceptions are all listed
 * here; the other direction (codec accepts what the schema rejects) has none.
 */
class SchemaDifferentialTest {
  private static final int INPUTS = 6_000;

  /**
   * A reason the codec may give for a record the schema accepts, with why the schema cannot see it.
   */
  private record SchemaBlindRule(String why, BiPredicate<Reason, JsonNode> covers) {}

  private static final List<SchemaBlindRule> SCHEMA_CANNOT_EXPRESS =
      List.of(
          new SchemaBlindRule(
              "the processor's clock", (r, json) -> r.code().equals("future_event_time")),
          new SchemaBlindRule(
              "a record's size in bytes (a schema sees the parsed value)",
              (r, json) -> r.code().equals("too_large")),
          new SchemaBlindRule(
              "strict UTF-8: the schema side's JSON reader accepts overlong forms and encoded surrogates",
              (r, json) -> r.code().equals("not_utf8")),
          new SchemaBlindRule(
              "the ISO 4217 list (the schema checks three uppercase letters)",
              (r, json) -> r.code().equals("bad_currency")),
          new SchemaBlindRule(
              "the ISO 3166-1 list (the schema checks two uppercase letters)",
              (r, json) -> r.code().equals("bad_type:country")),
          new SchemaBlindRule(
              "that an ip parses as an address (the schema checks its characters)",
              (r, json) -> r.code().equals("bad_type:ip")),
          new SchemaBlindRule(
              "that an id holds no card number (Luhn and card brands)",
              (r, json) -> r.code().startsWith("personal_data:")),
          new SchemaBlindRule(
              "that a date-time exists and stays within 0000-9999 after its offset, and period_end after period_start"
                  + " (the schema checks the shape)",
              (r, json) -> r.code().startsWith("bad_time:")),
          new SchemaBlindRule(
              "text without unpaired UTF-16 surrogate escapes (\\ud800 alone): a schema's minLength counts them as characters",
              (r, json) ->
                  r.code().startsWith("bad_type:")
                      && hasUnpairedSurrogate(json.path(r.field().orElseThrow()).asText())),
          new SchemaBlindRule(
              "integers written with a fraction or exponent (1.0, 1e3): JSON Schema's integer is a mathematical one",
              (r, json) ->
                  r.code().startsWith("bad_type:")
                      && json.path(r.field().orElseThrow()).isFloatingPointNumber()));

  private final EventCodec codec = EventCodec.builder().build();
  private final JsonSchema schema = EventSchemas.schema("event.schema.json");

  @Test
  void schemaValidIfAndOnlyIfCodecValidSaveForTheListedExceptions() {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom random = new SplittableRandom(seed);
    RecordMutator mutator = new RecordMutator(random);
    List<EventSamples.Sample> samples = EventSamples.all();
    int bothValid = 0;
    int bothInvalid = 0;
    int excepted = 0;

    for (int i = 0; i < INPUTS; i++) {
      RecordMutator.Mutant mutant =
          mutator.mutate(samples.get(random.nextInt(samples.size())).bytes());
      String context =
          "seed " + seed + ", input " + i + " (" + mutant.how() + "): " + preview(mutant.bytes());
      Set<String> schemaProblems = EventSchemas.problems(schema, mutant.bytes());
      DecodeResult decoded = codec.decode(mutant.bytes(), EventSamples.NOW);

      if (decoded instanceof DecodeResult.Valid) {
        assertThat(schemaProblems)
            .as("codec accepts what the schema rejects, " + context)
            .isEmpty();
        bothValid++;
      } else if (!schemaProblems.isEmpty()) {
        bothInvalid++;
      } else {
        JsonNode json = parsed(mutant.bytes());
        for (Reason reason : ((DecodeResult.Invalid) decoded).reasons()) {
          assertThat(SCHEMA_CANNOT_EXPRESS.stream().anyMatch(e -> e.covers().test(reason, json)))
              .as(
                  "schema accepts, codec rejects with %s, which a schema could express; %s",
                  reason, context)
              .isTrue();
        }
        excepted++;
      }
    }

    assertThat(bothValid).as("seed %d: agreeing valid records", seed).isGreaterThan(INPUTS / 20);
    assertThat(bothInvalid).as("seed %d: agreeing invalid records", seed).isGreaterThan(INPUTS / 2);
    assertThat(excepted).as("seed %d: records only the codec rejects", seed).isPositive();
  }

  private static JsonNode parsed(byte[] bytes) {
    try {
      return EventSchemas.parse(bytes);
    } catch (IOException e) {
      throw new IllegalStateException("the schema accepted it, so it parsed", e);
    }
  }

  private static boolean hasUnpairedSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  private static String preview(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    return text.length() > 600 ? text.substring(0, 600) + "..." : text;
  }
}
