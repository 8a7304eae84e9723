package io.adstream.pii.aws;

import io.adstream.pii.KeyRing;
import io.adstream.pii.PiiKeyProvider;
import io.adstream.pii.VersionedSecret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The PII key ring from Secrets Manager (a KeyRing secret document), re-read every {@code refresh}
 * so that a rotation reaches running processors without a redeploy; the token names the key version
 * either way.
 */
public final class SecretsManagerKeys implements PiiKeyProvider {
  private final SecretsManagerClient secrets;
  private final String secretId;
  private final Duration refresh;
  private final Clock clock;
  private KeyRing ring;
  private Instant loadedAt;

  public SecretsManagerKeys(
      SecretsManagerClient secrets, String secretId, Duration refresh, Clock clock) {
    this.secrets = secrets;
    this.secretId = secretId;
    this.refresh = refresh;
    this.clock = clock;
    reload();
  }

  @Override
  public synchronized VersionedSecret current() {
    if (clock.instant().isAfter(loadedAt.plus(refresh))) {
      reload();
    }
    return ring.current();
  }

  @Override
  public synchronized Optional<VersionedSecret> version(int version) {
    Optional<VersionedSecret> known = ring.version(version);
    if (known.isEmpty()) {
      reload(); // a newer version than we hold may have been created since
      known = ring.version(version);
    }
    return known;
  }

  private void reload() {
    String document = secrets.getSecretValue(r -> r.secretId(secretId)).secretString();
    ring = KeyRing.fromSecretDocument(document, "secret " + secretId);
    loadedAt = clock.instant();
  }
}
