package io.adstream.processing;

import io.adstream.attribution.Decision;

/** What the stateful stage made of a candidate. */
public sealed interface Outcome {

  /** Accepted and applied; {@code replay} when a redelivery found its own earlier claim. */
  record Accepted(Decision decision, boolean replay) implements Outcome {}

  /** Another record with the same key and content was accepted first. */
  record Duplicate(String acceptedEventId) implements Outcome {}

  /**
   * Another record with the same key and different content was accepted first: quarantined as
   * id_conflict.
   */
  record Conflict(String acceptedEventId) implements Outcome {}
}
