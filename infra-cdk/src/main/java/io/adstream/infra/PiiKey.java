package io.adstream.infra;

import static io.adstream.infra.Compliance.suppression;

import io.adstream.config.AdstreamConfig;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * The HMAC key that turns ip, device_id, user_id and email into tokens. Secrets Manager keeps its
 * versions; a token names the version of the key that made it.
 */
final class PiiKey extends Construct {
  /** 64 letters and digits: about 380 bits, more than HMAC-SHA256's 256-bit block needs. */
  static final int KEY_LENGTH = 64;

  final Key key;
  final Secret secret;

  PiiKey(Construct scope, String id, AdstreamConfig config) {
    super(scope, id);
    key = Keys.create(this, "Key", "adstream PII HMAC key secret");
    secret =
        Secret.Builder.create(this, "Secret")
            .secretName(config.names().piiKeySecret())
            .description(
                "adstream: HMAC-SHA256 key of the PII tokens; each version is a key version")
            .encryptionKey(key)
            .generateSecretString(
                // {"version":"1","key":"<64 letters and digits>"}: letters and digits are valid
                // base64
                SecretStringGenerator.builder()
                    .secretStringTemplate("{\"version\":\"1\"}")
                    .generateStringKey("key")
                    .passwordLength(KEY_LENGTH)
                    .excludePunctuation(true)
                    .build())
            // losing the key makes every token in the lake and the tables unmatchable
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();
    String noScheduledRotation =
        "Rotating the PII key changes every user's token, so joins across the rotation break: operators rotate it"
            + " deliberately (a new secret version, whose id the tokens carry), not on a schedule.";
    NagSuppressions.addResourceSuppressions(
        secret,
        List.of(
            suppression("AwsSolutions-SMG4", noScheduledRotation),
            suppression("PCI.DSS.321-SecretsManagerRotationEnabled", noScheduledRotation)));
  }

  void grantRead(IGrantable processor) {
    Permissions.allow(
        processor, List.of("secretsmanager:GetSecretValue"), List.of(secret.getSecretArn()));
    Permissions.allowKeyUse(processor, key, "secretsmanager", List.of("kms:Decrypt"));
  }
}
