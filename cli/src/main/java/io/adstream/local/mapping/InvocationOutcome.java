package io.adstream.local.mapping;

/**
 * How one invocation ended, as Lambda's event source mapping reads it ("Configuring partial batch
 * response with Kinesis Data Streams and Lambda", Lambda developer guide).
 */
sealed interface InvocationOutcome {

  /** The whole batch succeeded: no response, no failure list, or an empty one. */
  record Succeeded() implements InvocationOutcome {}

  /**
   * The function reported item failures; the batch checkpoints before the one with the lowest
   * sequence number, and everything from there on is retried.
   *
   * @param firstFailedIndex position in the batch of the lowest reported sequence number
   */
  record PartiallyFailed(int firstFailedIndex) implements InvocationOutcome {}

  /** The whole batch failed. */
  record Failed(FailureKind kind, String detail) implements InvocationOutcome {}

  enum FailureKind {
    /** The handler threw. */
    FUNCTION_ERROR,
    /** The handler ran longer than the function timeout. */
    TIMEOUT,
    /** The response named an item that is empty, blank or not in the batch. */
    INVALID_RESPONSE;

    /**
     * Lambda's {@code functionError} for the on-failure record: set for errors the function raised.
     */
    boolean isFunctionError() {
      return this != INVALID_RESPONSE;
    }
  }
}
