package io.adstream.pii;

import static org.assertj.core.api.Assertions.assertThat;

import io.adstream.event.AdEvent;
import io.adstream.event.Click;
import io.adstream.event.Conversion;
import io.adstream.event.EventSamples;
import io.adstream.event.EventType;
import io.adstream.event.Impression;
import io.adstream.event.IpAddress;
import io.adstream.event.RandomEvents;
import io.adstream.event.RecordMutator;
import io.adstream.quarantine.QuarantineRecord;
import io.adstream.quarantine.QuarantineSealer;
import io.adstream.stream.SourceRecord;
import io.adstream.validation.DecodeResult;
import io.adstream.validation.EventCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Masks random events, each with personal values of its own, and quarantines malformed variants of
 * them; then searches everything produced for any of the raw values.
 */
class PiiScanTest {
  private static final int EVENTS = 3_000;

  private final KeyRing keys = KeyRing.of(new VersionedSecret(3, new byte[32]));
  private final PiiMasker masker = PiiMasker.builder().keyProvider(keys).build();
  private final QuarantineSealer sealer = QuarantineSealer.builder().keyProvider(keys).build();
  private final EventCodec codec = EventCodec.builder().build();

  @Test
  void noRawPersonalValueSurvivesMaskingOrQuarantine() {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom random = new SplittableRandom(seed);
    RandomEvents events = new RandomEvents(random.split());
    RecordMutator mutator = new RecordMutator(random.split());
    int quarantined = 0;

    for (int i = 0; i < EVENTS; i++) {
      AdEvent event =
          events.next(
              EventType.values()[i % 3]); // impressions, clicks, conversions: the types with PII
      List<String> personal = personalValues(event);
      List<String> outputs = new ArrayList<>();

      MaskedEvent masked = masker.mask(event);
      outputs.add(masked.toString());
      outputs.add(new String(masked.toJson(), StandardCharsets.UTF_8));
      outputs.add(new String(codec.encode(masked.event()), StandardCharsets.UTF_8));

      byte[] raw = codec.encode(event);
      for (int m = 0; m < 3; m++) {
        RecordMutator.Mutant mutant = mutator.mutate(raw);
        if (codec.decode(mutant.bytes(), EventSamples.NOW)
            instanceof DecodeResult.Invalid invalid) {
          QuarantineRecord record =
              sealer.quarantine(
                  new SourceRecord(
                      "adstream-events",
                      "shardId-000000000000",
                      Integer.toString(i * 10 + m),
                      "pk",
                      Instant.EPOCH,
                      mutant.bytes()),
                  invalid);
          outputs.add(record.toJson());
          outputs.add(record.toString());
          quarantined++;
        }
      }

      for (String output : outputs) {
        for (String value : personal) {
          assertThat(output).as("seed %d, event %d", seed, i).doesNotContain(value);
        }
      }
    }
    assertThat(quarantined)
        .as("seed %d: malformed variants quarantined", seed)
        .isGreaterThan(EVENTS);
  }

  /**
   * Every form in which an event's personal data could leak: raw, and as the masker normalizes it.
   */
  private static List<String> personalValues(AdEvent event) {
    List<String> values = new ArrayList<>();
    switch (event) {
      case Impression i -> {
        values.add(i.userId());
        values.add(i.deviceId());
        addIp(values, i.ip());
      }
      case Click c -> {
        values.add(c.userId());
        values.add(c.deviceId());
        addIp(values, c.ip());
      }
      case Conversion c -> {
        values.add(c.userId());
        values.add(c.deviceId());
        values.add(c.email());
        values.add(c.email().strip().toLowerCase(Locale.ROOT));
        values.add(c.email().strip().substring(0, c.email().strip().indexOf('@')));
      }
      default -> throw new IllegalArgumentException("only types with personal data are scanned");
    }
    return values;
  }

  private static void addIp(List<String> values, String ip) {
    values.add(ip);
    values.add(IpAddress.parse(ip).orElseThrow().canonical());
  }
}
