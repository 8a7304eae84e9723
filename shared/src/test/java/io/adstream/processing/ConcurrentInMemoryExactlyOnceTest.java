package io.adstream.processing;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;

/**
 * The exactly-once contract with the processor's concurrency: item writes on a bounded pool, the
 * batch's independent parts (reads, floods then aggregates, devices, users, watermark, sources,
 * campaign rows) side by side on virtual threads, faults striking in whatever order the threads
 * meet them.
 */
class ConcurrentInMemoryExactlyOnceTest extends InMemoryExactlyOnceTest {
  private static final ExecutorService WRITERS = Executors.newFixedThreadPool(8);
  private static final ExecutorService BRANCHES = Executors.newVirtualThreadPerTaskExecutor();

  @AfterAll
  static void stop() {
    WRITERS.shutdownNow();
    BRANCHES.shutdownNow();
  }

  @Override
  int seeds() {
    return 30;
  }

  @Override
  Executor writers() {
    return WRITERS;
  }

  @Override
  Executor branches() {
    return BRANCHES;
  }
}
