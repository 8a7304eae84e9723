package io.adstream.infra;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * Customer-managed KMS keys. Each concern has its own key, so a grant on one (to a service
 * principal, say) reaches no other data.
 */
final class Keys {
  private Keys() {}

  /**
   * A key rotated yearly and kept when the stack is deleted: data encrypted with it outlives the
   * stack.
   */
  static Key create(Construct scope, String id, String description) {
    return Key.Builder.create(scope, id)
        .description(description)
        .enableKeyRotation(true)
        .removalPolicy(RemovalPolicy.RETAIN)
        .build();
  }
}
