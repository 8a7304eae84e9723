package io.adstream.dedup;

import io.adstream.dedup.ClaimStore.CommitResult;
import io.adstream.state.FencedWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Commits a batch's claim writes concurrently, except that writes touching a common item run in record
 * order, and a write whose predecessor on an item failed does not run (its decision assumed that
 * predecessor). Reports the first record whose write did not commit: the batch checkpoints before it.
 */
public final class ClaimCommitter {
  private final ClaimStore store;
  private final Executor executor;

  public ClaimCommitter(ClaimStore store, Executor executor) {
    this.store = store;
    this.executor = executor;
  }

  /**
   * @param pendingAtClaim by record index, the references parked on each committed key when it was claimed
   * @param failure why the first failed record failed
   */
  public record Report(OptionalInt firstFailedRecord, Map<Integer, Set<String>> pendingAtClaim, String failure) {}

  public Report commit(List<ClaimWrite> writes, Instant now) {
    Map<String, CompletableFuture<CommitResult>> lastOnItem = new HashMap<>();
    List<CompletableFuture<CommitResult>> results = new ArrayList<>(writes.size());
    for (ClaimWrite write : writes) {
      List<CompletableFuture<CommitResult>> before =
          write.touchedKeys().stream().map(lastOnItem::get).filter(f -> f != null).distinct().toList();
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
      CompletableFuture<CommitResult> committed = result;
      write.touchedKeys().forEach(key -> lastOnItem.put(key, committed));
      results.add(committed);
    }

    Map<Integer, Set<String>> pending = new HashMap<>();
    OptionalInt firstFailed = OptionalInt.empty();
    String failure = "";
    for (int i = 0; i < writes.size(); i++) {
      int record = writes.get(i).recordIndex();
      String problem;
      try {
        CommitResult result = results.get(i).join();
        if (result instanceof CommitResult.Committed committed) {
          pending.put(record, committed.pendingAtClaim());
          continue;
        }
        problem = ((CommitResult.Lost) result).reason();
      } catch (CompletionException e) {
        problem = String.valueOf(e.getCause());
      }
      if (firstFailed.isEmpty() || record < firstFailed.getAsInt()) {
        firstFailed = OptionalInt.of(record);
        failure = problem;
      }
    }
    return new Report(firstFailed, pending, failure);
  }

  /** Commits the write unless a write before it on one of its items did not commit (they are all done). */
  private CommitResult commitAfter(List<CompletableFuture<CommitResult>> before, ClaimWrite write, Instant now) {
    for (CompletableFuture<CommitResult> predecessor : before) {
      if (predecessor.join() instanceof CommitResult.Lost lost) {
        return new CommitResult.Lost("an earlier record on the same item did not commit: " + lost.reason());
      }
    }
    return store.commit(write, now);
  }
}
