package io.adstream.features;

import java.util.Optional;

/** The online features of users and devices, as the processor last wrote them. */
public interface FeatureReader {

  /** The entity's feature vector, empty when the token has no activity (or it expired). */
  Optional<FeatureVector> read(FeatureEntity entity, String token);
}
