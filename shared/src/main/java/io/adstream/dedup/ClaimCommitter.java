package io.adstream.dedup;

import io.adstream.dedup.ClaimStore.CommitResult;
import io.adstream.state.FencedWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Commits a batch's claim writes concurrently, except that writes touching a common item run in
 * record order, and a write whose predecessor on an item failed does not run (its decision assumed
 * that predecessor). Reports the first record whose write did not commit: the batch checkpoints
 * before it.
 */
public final class ClaimCommitter {
  private final ClaimStore store;
  private final Executor executor;

  public ClaimCommitter(ClaimStore store, Executor executor) {
    this.store = store;
    this.executor = executor;
  }

  /**
   * @param firstFailed the first write, in record order, that did not commit: its record and every
   *     record after it must be delivered again
   * @param pendingAtClaim by committed write, the references parked on its key when it was claimed
   * @param failure why the first failed write failed
   */
  public record Report(
      Optional<ClaimWrite> firstFailed,
      Map<ClaimWrite, Set<String>> pendingAtClaim,
      String failure) {}

  /** Commits a batch's writes, given in record order. */
  public Report commit(List<ClaimWrite> writes, Instant now) {
    Map<String, CompletableFuture<CommitResult>> lastOnItem = HashMap.newHashMap(writes.size());
    List<CompletableFuture<CommitResult>> results = new ArrayList<>(writes.size());
    for (ClaimWrite write : writes) {
      Set<String> touched = write.touchedKeys();
      List<CompletableFuture<CommitResult>> before = predecessors(touched, lastOnItem);
      CompletableFuture<CommitResult> result;
      if (executor == FencedWriter.CALLING_THREAD) {
        // one after another anyway: commit now rather than through a chain of futures
        try {
          result = CompletableFuture.completedFuture(commitAfter(before, write, now));
        } catch (RuntimeException e) {
          result = CompletableFuture.failedFuture(e);
        }
      } else {
        result =
            CompletableFuture.allOf(before.toArray(CompletableFuture[]::new))
                .thenApplyAsync(ignored -> commitAfter(before, write, now), executor);
      }
      for (String key : touched) {
        lastOnItem.put(key, result);
      }
      results.add(result);
    }

    // every write is waited for, failed or not: none may still be running once the batch has
    // returned
    Map<ClaimWrite, Set<String>> pending = HashMap.newHashMap(writes.size());
    Optional<ClaimWrite> firstFailed = Optional.empty();
    String failure = "";
    for (int i = 0; i < writes.size(); i++) {
      ClaimWrite write = writes.get(i);
      String problem;
      try {
        CommitResult result = results.get(i).join();
        if (result instanceof CommitResult.Committed committed) {
          pending.put(write, committed.pendingAtClaim());
          continue;
        }
        problem = ((CommitResult.Lost) result).reason();
      } catch (CompletionException e) {
        problem = String.valueOf(e.getCause());
      }
      if (firstFailed.isEmpty()) {
        firstFailed = Optional.of(write);
        failure = problem;
      }
    }
    return new Report(firstFailed, pending, failure);
  }

  /**
   * The last writes before this one on each item it touches, each once. A loop, not a stream: it
   * runs for every record, and most touch one item that no earlier record of the batch touched.
   */
  private static List<CompletableFuture<CommitResult>> predecessors(
      Set<String> touched, Map<String, CompletableFuture<CommitResult>> lastOnItem) {
    List<CompletableFuture<CommitResult>> before = List.of();
    for (String key : touched) {
      CompletableFuture<CommitResult> last = lastOnItem.get(key);
      if (last != null && !before.contains(last)) {
        if (before.isEmpty()) {
          before = new ArrayList<>(touched.size());
        }
        before.add(last);
      }
    }
    return before;
  }

  /**
   * Commits the write unless a write before it on one of its items did not commit (they are all
   * done).
   */
  private CommitResult commitAfter(
      List<CompletableFuture<CommitResult>> before, ClaimWrite write, Instant now) {
    for (CompletableFuture<CommitResult> predecessor : before) {
      if (predecessor.join() instanceof CommitResult.Lost lost) {
        return new CommitResult.Lost(
            "an earlier record on the same item did not commit: " + lost.reason());
      }
    }
    return store.commit(write, now);
  }
}
