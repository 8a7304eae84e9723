package io.adstream.quarantine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adstream.event.EventSamples;
import io.adstream.event.EventType;
import io.adstream.pii.KeyRing;
import io.adstream.pii.VersionedSecret;
import io.adstream.stream.SourcePosition;
import io.adstream.stream.SourceRecord;
import io.adstream.validation.DecodeResult;
import io.adstream.validation.EventCodec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QuarantineSealerTest {
  private static final VersionedSecret V1 = secret(1, 1);
  private static final VersionedSecret V2 = secret(2, 2);
  private static final Instant ARRIVAL = Instant.parse("2026-11-24T11:05:00.137429Z");

  private final EventCodec codec = EventCodec.builder().build();
  private final QuarantineSealer sealer =
      QuarantineSealer.builder().keyProvider(KeyRing.of(V1)).build();

  @Test
  void aQuarantineRecordCarriesEveryReasonTheSourceTheIdentityAndTheSealedOriginal()
      throws Exception {
    byte[] original =
        new String(sample("conversion-1"), StandardCharsets.UTF_8)
            .replace("49990000", "-49990000")
            .replace("EUR", "EURO")
            .getBytes(StandardCharsets.UTF_8);
    DecodeResult.Invalid invalid = (DecodeResult.Invalid) codec.decode(original, EventSamples.NOW);

    QuarantineRecord record = sealer.quarantine(source("4711", original), invalid);

    JsonNode json = new ObjectMapper().readTree(record.toJson());
    assertThat(json.get("quarantine_version").asInt()).isEqualTo(2);
    assertThat(json.get("reasons").findValuesAsText("code"))
        .containsExactly("negative_money:value_micros", "bad_currency");
    assertThat(json.get("source").get("stream").asText()).isEqualTo("adstream-events");
    assertThat(json.get("source").get("shard_id").asText()).isEqualTo("shardId-000000000003");
    assertThat(json.get("source").get("sequence_number").asText()).isEqualTo("4711");
    assertThat(json.get("source").get("arrival_time").asText())
        .isEqualTo("2026-11-24T11:05:00.137Z");
    assertThat(json.get("event_id").asText()).isEqualTo("evt-c2f7a913-6b0d-4e85-a1c7-3d9e8f0b1a63");
    assertThat(json.get("event_type").asText()).isEqualTo("conversion");
    assertThat(json.get("event_time").asText()).isEqualTo("2026-11-24T10:31:12.500Z");
    JsonNode sealed = json.get("original");
    assertThat(sealed.get("cipher").asText()).isEqualTo("AES-256-GCM");
    assertThat(sealed.get("key_version").asInt()).isEqualTo(1);
    assertThat(sealed.get("encoding").asText()).isEqualTo("utf8");
    assertThat(sealed.get("length").asInt()).isEqualTo(original.length);
    // keyed: a plain SHA-256 beside the seal would confirm a guessed card number or email
    assertThat(sealed.has("sha256")).isFalse();
    assertThat(sealed.get("hmac_sha256").asText())
        .hasSize(64)
        .isNotEqualTo(
            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(original)));
    assertThat(record.toJson()).doesNotContain("jane.doe").doesNotContain("usr-8842");
    assertThat(sealer.unseal(QuarantineRecord.parse(record.toJson()))).isEqualTo(original);
  }

  @Test
  void bytesThatAreNotUtf8AreSealedAsBinary() {
    byte[] original = {'{', (byte) 0xFF, '}'};

    QuarantineRecord record =
        sealer.quarantine(
            source("1", original), (DecodeResult.Invalid) codec.decode(original, EventSamples.NOW));

    assertThat(record.original().encoding()).isEqualTo(PayloadEncoding.BINARY);
    assertThat(record.eventId()).isEmpty();
    assertThat(record.eventType()).isEmpty();
    assertThat(sealer.unseal(record)).isEqualTo(original);
  }

  @Test
  void anAlteredSealIsRefused() {
    QuarantineRecord record = quarantineOf("impression-1", "7");
    String ciphertext = record.original().ciphertext();
    char flipped = ciphertext.charAt(5) == 'A' ? 'B' : 'A';
    QuarantineRecord altered =
        withOriginal(
            record,
            record.source(),
            new SealedPayload(
                1,
                PayloadEncoding.UTF8,
                record.original().length(),
                record.original().hmacSha256(),
                record.original().nonce(),
                ciphertext.substring(0, 5) + flipped + ciphertext.substring(6)));

    assertThatThrownBy(() -> sealer.unseal(altered))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("fails authentication");
  }

  @Test
  void aSealMovedToAnotherRecordIsRefused() {
    QuarantineRecord record = quarantineOf("impression-1", "7");
    QuarantineRecord moved =
        withOriginal(
            record,
            new SourcePosition("adstream-events", "shardId-000000000003", "8"),
            record.original());

    assertThatThrownBy(() -> sealer.unseal(moved))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("moved");
  }

  @Test
  void recordsSealedBeforeARotationOpenWhileTheOldVersionIsHeld() {
    QuarantineRecord sealedUnderV1 = quarantineOf("click-1", "9");
    QuarantineSealer afterRotation =
        QuarantineSealer.builder().keyProvider(KeyRing.of(V1, V2)).build();
    QuarantineSealer oldVersionDropped =
        QuarantineSealer.builder().keyProvider(KeyRing.of(V2)).build();

    assertThat(
            afterRotation
                .quarantine(source("10", sample("click-1")), invalidOf("click-1"))
                .original()
                .keyVersion())
        .isEqualTo(2);
    assertThat(afterRotation.unseal(sealedUnderV1)).isEqualTo(withUnknownField("click-1"));
    assertThatThrownBy(() -> oldVersionDropped.unseal(sealedUnderV1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("version 1 is not held");
  }

  @Test
  void sealingTheSameBytesTwiceGivesDifferentCiphertexts() {
    assertThat(quarantineOf("impression-1", "7").original().ciphertext())
        .isNotEqualTo(quarantineOf("impression-1", "7").original().ciphertext());
  }

  @Test
  void aCardNumberInTheEventIdIsRedactedInTheRecord() {
    DecodeResult.Invalid invalid =
        new DecodeResult.Invalid(
            List.of(
                io.adstream.validation.Reason.of(io.adstream.validation.ReasonCode.TOO_LARGE, "x")),
            Optional.of("evt-4111111111111111"),
            Optional.of(EventType.CLICK),
            Optional.empty());

    assertThat(sealer.quarantine(source("1", new byte[0]), invalid).eventId())
        .contains("evt-[REDACTED:PAN]");
  }

  // -----------------------------------------------------------------------------------------------
  // helpers

  private QuarantineRecord quarantineOf(String sample, String sequenceNumber) {
    return sealer.quarantine(source(sequenceNumber, withUnknownField(sample)), invalidOf(sample));
  }

  private DecodeResult.Invalid invalidOf(String sample) {
    return (DecodeResult.Invalid) codec.decode(withUnknownField(sample), EventSamples.NOW);
  }

  private static byte[] withUnknownField(String sample) {
    return new String(sample(sample), StandardCharsets.UTF_8)
        .replaceFirst("\\{", "{\"promo\":1,")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static QuarantineRecord withOriginal(
      QuarantineRecord record, SourcePosition source, SealedPayload original) {
    return new QuarantineRecord(
        record.reasons(),
        source,
        record.arrivalTime(),
        record.eventId(),
        record.eventType(),
        record.eventTime(),
        original);
  }

  private static SourceRecord source(String sequenceNumber, byte[] data) {
    return new SourceRecord(
        "adstream-events", "shardId-000000000003", sequenceNumber, "usr-8842", ARRIVAL, data);
  }

  private static byte[] sample(String name) {
    return EventSamples.bytes(name);
  }

  private static VersionedSecret secret(int version, int fill) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) fill);
    return new VersionedSecret(version, bytes);
  }
}
