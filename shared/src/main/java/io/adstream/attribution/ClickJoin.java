package io.adstream.attribution;

/** How a click joined its impression. */
public sealed interface ClickJoin {

  record Attributed(String impressionId) implements ClickJoin {}

  /**
   * The impression had not arrived: the click waits on it, and the impression completes the join.
   */
  record Pending(String impressionId) implements ClickJoin {}

  record Orphan(OrphanReason reason) implements ClickJoin {}

  record Late() implements ClickJoin {}

  enum OrphanReason {
    NO_IMPRESSION_ID,
    OUTSIDE_WINDOW,
    IMPRESSION_LATE
  }
}
