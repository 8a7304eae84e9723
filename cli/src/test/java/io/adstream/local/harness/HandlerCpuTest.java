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
}
