package io.adstream.pii;

import java.util.Optional;

/**
 * Where the versioned PII secret comes from: the environment or a file now ({@link KeyRing}),
 * Secrets Manager or SSM in AWS. Implementations that fetch remotely cache: {@link #current()} is
 * called per event.
 */
public interface PiiKeyProvider {

  /** The secret new tokens and sealed records are made with. */
  VersionedSecret current();

  /**
   * An earlier or current version, to open records sealed before a rotation; empty if no longer
   * held.
   */
  Optional<VersionedSecret> version(int version);
}
