package io.adstream.processing;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The independent parts of a batch, run side by side and joined. */
final class Branches {
  private Branches() {}

  /**
   * Waits for every future, then rethrows the first failure in list order: a part that failed does
   * not leave the others running after the batch has returned (or checkpointed). An interrupt (the
   * invocation timed out) stops the wait at once and fails the batch: it must not go on to report
   * success.
   */
  static void awaitAll(List<? extends CompletableFuture<?>> futures) {
    RuntimeException first = null;
    for (CompletableFuture<?> future : futures) {
      try {
        future.get();
      } catch (ExecutionException e) {
        if (first == null) {
          first =
              e.getCause() instanceof RuntimeException runtime
                  ? runtime
                  : new CompletionException(e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancellationException("interrupted while the batch's writes were under way");
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
