package io.adstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adstream.aws.ProvisioningPlan;
import io.adstream.config.AdstreamConfig;
import io.adstream.config.ResourceNames;
import io.adstream.generator.TrafficGenerator;
import io.adstream.generator.TrafficProfile;
import io.adstream.local.CrossCheck;
import io.adstream.local.EmulatorTest;
import io.adstream.local.emulator.LocalAws;
import io.adstream.local.harness.PipelineTotals;
import io.adstream.local.harness.RunReport;
import io.adstream.pii.aws.SecretsManagerKeys;
import io.adstream.quarantine.QuarantineRecord;
import io.adstream.quarantine.QuarantineSealer;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * guarantee 1 (docs/guarantees.md) through Kinesis, the handler, Firehose and S3 on the emulator:
 * 20,000 generated events (4,000 in the cross-check on moto), 1% malformed, each lands in enriched/
 * (found by its event_id) or quarantine/ (found by the SHA-256 of its original bytes, which the
 * quarantine record carries) exactly once, and nothing else lands.
 */
@EmulatorTest
class LandingConservationTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyInputLandsExactlyOnceInEnrichedOrQuarantine(LocalAws aws) throws Exception {
    AdstreamConfig config =
        AdstreamConfig.withOverrides(
            "{\"prefix\":\"c" + UUID.randomUUID().toString().substring(0, 8) + "\"}");
    Instant start = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MINUTES);
    int events = CrossCheck.size(20_000, 2_000);
    List<byte[]> lines =
        TrafficGenerator.builder()
            .profile(
                TrafficProfile.builder()
                    .seed(11)
                    .events(events)
                    .start(start)
                    .duration(Duration.ofHours(1))
                    .malformedRate(0.01)
                    .duplicateRate(0)
                    .idConflictRate(0)
                    .config(config)
                    .build())
            .build()
            .generate()
            .lines();
    PipelineTotals totals = new PipelineTotals();

    RunReport report = QuietRuns.processor(aws, config, totals).build().run(lines.iterator());

    Map<String, Integer> timesPut = new HashMap<>();
    Map<String, String> eventIdOfHash = new HashMap<>();
    for (byte[] line : lines) {
      String hash = sha256(line);
      timesPut.merge(hash, 1, Integer::sum);
      eventId(line).ifPresent(id -> eventIdOfHash.put(hash, id));
    }
    Map<String, String> hashOfEventId = new HashMap<>();
    eventIdOfHash.forEach((hash, id) -> hashOfEventId.put(id, hash));
    String bucket =
        ProvisioningPlan.of(config, ProvisioningPlan.LOCAL_ACCOUNT, "us-east-1").lakeBucket();
    Map<String, Integer> landed = new HashMap<>();
    try (S3Client s3 = aws.clients().s3()) {
      for (JsonNode line : LakeLines.read(s3, bucket, ResourceNames.ENRICHED_PREFIX)) {
        String id = line.get("event_id").asText();
        landed.merge(hashOfEventId.getOrDefault(id, "event_id " + id), 1, Integer::sum);
      }
      // the digest beside a seal is keyed: open each seal with the pipeline's key and hash what it
      // holds
      QuarantineSealer sealer =
          QuarantineSealer.builder()
              .keyProvider(
                  new SecretsManagerKeys(
                      aws.clients().secretsManager(),
                      config.names().piiKeySecret(),
                      Duration.ofMinutes(5),
                      Clock.systemUTC()))
              .build();
      for (JsonNode line : LakeLines.read(s3, bucket, ResourceNames.QUARANTINE_PREFIX)) {
        landed.merge(
            sha256(sealer.unseal(QuarantineRecord.parse(line.toString()))), 1, Integer::sum);
      }
    }

    assertThat(report.mapping().total().recordsParked()).isZero();
    assertThat(totals.snapshot().quarantined())
        .as("malformed records quarantined")
        .isGreaterThanOrEqualTo(events * 3L / 400); // 0.75% of a 1% malformed rate
    List<String> differences = new ArrayList<>();
    timesPut.forEach(
        (id, n) -> {
          if (!n.equals(landed.get(id))) {
            differences.add(id + ": put " + n + ", landed " + landed.getOrDefault(id, 0));
          }
        });
    landed.keySet().stream()
        .filter(id -> !timesPut.containsKey(id))
        .forEach(id -> differences.add(id + ": landed, never put"));
    assertThat(differences).as("inputs not landed exactly once").isEmpty();
  }

  private static java.util.Optional<String> eventId(byte[] line) {
    try {
      JsonNode node = JSON.readTree(line);
      return node != null && node.path("event_id").isTextual()
          ? java.util.Optional.of(node.get("event_id").asText())
          : java.util.Optional.empty();
    } catch (java.io.IOException notJson) {
      return java.util.Optional.empty();
    }
  }

  private static String sha256(byte[] line) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(line));
  }
}
