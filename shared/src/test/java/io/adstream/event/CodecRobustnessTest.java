package io.adstream.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.adstream.pii.KeyRing;
import io.adstream.pii.VersionedSecret;
import io.adstream.quarantine.QuarantineRecord;
import io.adstream.quarantine.QuarantineSealer;
import io.adstream.stream.SourceRecord;
import io.adstream.validation.DecodeResult;
import io.adstream.validation.EventCodec;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Throws random and mutated bytes at the codec: nothing escapes, every input is exactly one result,
 * every invalid one can be quarantined and opened again byte for byte.
 */
class CodecRobustnessTest {
  private static final int INPUTS = 12_000;

  private final EventCodec codec = EventCodec.builder().build();
  private final QuarantineSealer sealer =
      QuarantineSealer.builder()
          .keyProvider(KeyRing.of(new VersionedSecret(1, new byte[32])))
          .build();

  @Test
  void everyInputBecomesExactlyOneResultAndEveryInvalidOneIsQuarantined() {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom random = new SplittableRandom(seed);
    RecordMutator mutator = new RecordMutator(random);
    RandomEvents events = new RandomEvents(random.split());
    var samples = EventSamples.all();
    Map<String, Integer> outcomes = new HashMap<>();

    for (int i = 0; i < INPUTS; i++) {
      byte[] start =
          random.nextBoolean()
              ? samples.get(random.nextInt(samples.size())).bytes()
              : codec.encode(events.next());
      RecordMutator.Mutant mutant = mutator.mutate(start);
      String context = "seed " + seed + ", input " + i + " (" + mutant.how() + ")";

      DecodeResult result;
      try {
        result = codec.decode(mutant.bytes(), EventSamples.NOW);
      } catch (RuntimeException e) {
        throw new AssertionError("decode threw for " + context, e);
      }
      switch (result) {
        case DecodeResult.Valid valid -> {
          assertThat(codec.decode(codec.encode(valid.event()), EventSamples.NOW))
              .as(context)
              .isEqualTo(valid);
          outcomes.merge("valid", 1, Integer::sum);
        }
        case DecodeResult.Invalid invalid -> {
          assertThat(invalid.reasons()).as(context).isNotEmpty();
          SourceRecord record =
              new SourceRecord(
                  "adstream-events",
                  "shardId-000000000001",
                  Integer.toString(1_000_000 + i),
                  "pk",
                  Instant.parse("2026-11-24T11:00:00.123456Z"),
                  mutant.bytes());
          QuarantineRecord quarantined = sealer.quarantine(record, invalid);
          QuarantineRecord reread = QuarantineRecord.parse(quarantined.toJson());
          assertThat(reread).as(context).isEqualTo(quarantined);
          assertThat(reread.toJson()).as(context).doesNotContain("\n");
          assertThat(sealer.unseal(reread)).as(context).isEqualTo(mutant.bytes());
          invalid.reasons().forEach(r -> outcomes.merge(r.kind().wireName(), 1, Integer::sum));
        }
        default -> fail("a decode result is Valid or Invalid, was %s for %s", result, context);
      }
    }

    // the mutations must reach every kind of outcome, or this test proves less than it claims
    assertThat(outcomes)
        .as("seed %d: %s", seed, outcomes)
        .containsKeys(
            "valid",
            "not_json",
            "not_utf8",
            "too_large",
            "missing_field",
            "bad_type",
            "unknown_field",
            "unknown_event_type",
            "bad_time",
            "future_event_time",
            "negative_money",
            "bad_currency",
            "unsupported_schema_version");
  }
}
