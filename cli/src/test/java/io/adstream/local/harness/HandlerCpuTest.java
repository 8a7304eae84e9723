package io.adstream.local.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HandlerCpuTest {
  private static final long SPIN_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /** The CPU a processor's writer thread uses is in the reading. */
  @Test
  void countsTheCpuOfTheProcessorsThreads() throws InterruptedException {
    assumeTrue(HandlerCpu.supported(), "this JVM does not measure per-thread CPU time");
    CountDownLatch spun = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    long before = HandlerCpu.nanos();
    Thread writer =
        Thread.ofPlatform()
            .name("adstream-writer")
            .start(
                () -> {
                  long start = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                  long sink = 0;
                  while (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - start
                      < SPIN_NANOS) {
                    sink += System.nanoTime() % 7;
                  }
                  spun.countDown();
                  try {
                    done.await(); // alive while read: an ended thread's time is gone
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  assertThat(sink).isNotNegative();
                });
    try {
      assertThat(spun.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(HandlerCpu.nanos() - before).isGreaterThanOrEqualTo(SPIN_NANOS);
    } finally {
      done.countDown();
      writer.join();
    }
  }

  /**
   * A branch runs on a virtual thread, whose CPU is its carrier's: the reading includes it. The
   * branch spins for 50 ms of wall time, of which a loaded machine may give it as little as a
   * quarter.
   */
  @Test
  void countsTheCpuOfBranchesOnVirtualThreads() throws InterruptedException {
    assumeTrue(HandlerCpu.supported(), "this JVM does not measure per-thread CPU time");
    long before = HandlerCpu.nanos();
    Thread branch =
        Thread.ofVirtual()
            .name("adstream-branch-0")
            .start(
                () -> {
                  long start = System.nanoTime();
                  while (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                  }
                });
    branch.join();
    assertThat(HandlerCpu.nanos() - before).isGreaterThanOrEqualTo(SPIN_NANOS / 4);
  }
}
