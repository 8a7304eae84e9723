package io.adstream.flink;

import io.adstream.aws.AwsClientFactory;
import io.adstream.pii.KeyRing;
import io.adstream.pii.PiiKeyProvider;
import io.adstream.pii.VersionedSecret;
import io.adstream.pii.aws.SecretsManagerKeys;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * Where the task managers get the PII secret: Secrets Manager in AWS (the secret the CDK app
 * provisions), the environment on a self-managed cluster, or a key made for one local run. Only the
 * way travels in the job graph, never key material, except for a local run's throw-away key.
 */
public sealed interface PiiKeys extends Serializable {
  PiiKeyProvider provider(Clock clock);

  /** The secret in Secrets Manager, refreshed every five minutes as the Lambda processor does. */
  record SecretsManager(String secretId) implements PiiKeys {
    @Override
    public PiiKeyProvider provider(Clock clock) {
      return new SecretsManagerKeys(
          AwsClientFactory.fromEnvironment().secretsManager(),
          secretId,
          Duration.ofMinutes(5),
          clock);
    }
  }

  /**
   * {@value KeyRing#KEY_VARIABLE} and {@value KeyRing#VERSION_VARIABLE} of the task manager's
   * environment.
   */
  record Environment() implements PiiKeys {
    @Override
    public PiiKeyProvider provider(Clock clock) {
      return KeyRing.fromEnvironment(System.getenv());
    }
  }

  /** A key for one local run or test. */
  record Inline(int version, String base64Secret) implements PiiKeys {
    private static final java.security.SecureRandom SECRETS = new java.security.SecureRandom();

    public static Inline random() {
      byte[] secret = new byte[VersionedSecret.MIN_SECRET_BYTES];
      SECRETS.nextBytes(secret);
      return new Inline(1, Base64.getEncoder().encodeToString(secret));
    }

    @Override
    public PiiKeyProvider provider(Clock clock) {
      return KeyRing.of(new VersionedSecret(version, Base64.getDecoder().decode(base64Secret)));
    }

    @Override
    public String toString() {
      return "Inline[version=" + version + "]";
    }
  }
}
