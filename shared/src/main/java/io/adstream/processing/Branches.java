package io.adstream.processing;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** The independent parts of a batch, run side by side and joined. */
final class Branches {
  private Branches() {}

  /**
   * Waits for every future, then rethrows the first failure in list order: a part that failed does not
   * leave the others running after the batch has returned (or checkpointed).
   */
  static void awaitAll(List<? extends CompletableFuture<?>> futures) {
    RuntimeException first = null;
    for (CompletableFuture<?> future : futures) {
      try {
        future.join();
      } catch (CompletionException e) {
        if (first == null) {
          first = e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
