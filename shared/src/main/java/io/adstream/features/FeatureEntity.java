package io.adstream.features;

import java.util.Arrays;
import java.util.Optional;

/** What an online feature vector describes: a user or a device, always by its PII token. */
public enum FeatureEntity {
  USER("user"),
  DEVICE("device");

  private final String wireName;

  FeatureEntity(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<FeatureEntity> of(String wireName) {
    return Arrays.stream(values()).filter(e -> e.wireName.equals(wireName)).findFirst();
  }
}
