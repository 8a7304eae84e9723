package io.adstream.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.adstream.attribution.Decision;
import io.adstream.aws.AwsClientFactory;
import io.adstream.aws.ProvisioningPlan;
import io.adstream.config.AdstreamConfig;
import io.adstream.dedup.aws.DynamoClaimStore;
import io.adstream.local.EmulatorTest;
import io.adstream.local.provision.LocalProvisioner;
import io.adstream.state.CapacityMeter;
import io.adstream.stream.SourcePosition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A record that committed its claim and is delivered again (a Lambda retry) must find the claim its
 * own — a replay, never a duplicate of itself — whatever digits its sequence number is written
 * with. Real Kinesis sends 56 digits without leading zeros; MiniStack sends 30 digits with seven
 * leading zeros, and a claim store whose stored form cannot tell the two apart turned every retried
 * record into a duplicate.
 */
@EmulatorTest
class ClaimRoundTripTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "49590338271490256608559692538361571095921575989136588898", // AWS's form
        "000000017647012345670000000042", // MiniStack's form
        "0"
      })
  void aRedeliveredRecordReplaysItsOwnClaim(String sequenceNumber, AwsClientFactory aws) {
    AdstreamConfig config =
        AdstreamConfig.withOverrides(
            "{\"prefix\":\"c" + UUID.randomUUID().toString().substring(0, 8) + "\"}");
    new LocalProvisioner(aws).provision(ProvisioningPlan.of(config));
    Instant now = Instant.now();
    SourcePosition position =
        new SourcePosition(config.names().stream(), "shardId-000000000000", sequenceNumber);
    DedupKey key = DedupKey.impression("imp-" + UUID.randomUUID());
    Claim claim =
        new Claim(
            "evt-1",
            "fp-1",
            position,
            now,
            now.plus(Duration.ofDays(7)),
            new Decision.ImpressionDecision(false));
    try (DynamoDbClient dynamo = aws.dynamoDb()) {
      ClaimStore store = new DynamoClaimStore(dynamo, config, new CapacityMeter());
      assertThat(store.commit(new ClaimWrite.Standalone(key, claim), now))
          .isInstanceOf(ClaimStore.CommitResult.Committed.class);

      ClaimItem stored = store.readClaims(List.of(key)).get(key);

      assertThat(ClaimStatus.of(stored.claim(), position, "fp-1", now))
          .isInstanceOf(ClaimStatus.Replay.class);
      SourcePosition other =
          new SourcePosition(position.stream(), position.shardId(), sequenceNumber + "1");
      assertThat(ClaimStatus.of(stored.claim(), other, "fp-1", now))
          .isInstanceOf(ClaimStatus.Duplicate.class);
    }
  }
}
