package io.adstream.local.mapping;

/**
 * Where the mapping sends the batches it gives up on, so that they can be inspected and redriven.
 */
public interface OnFailureDestination {

  /**
   * Keeps the batch; throws if it could not, and the mapping then keeps the batch and tries again.
   */
  void send(DiscardedBatch batch);
}
