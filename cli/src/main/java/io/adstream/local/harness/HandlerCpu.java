package io.adstream.local.harness;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * The CPU time of the threads that run the processor locally: the mapping's function threads, the
 * processor's writers and the carriers of its virtual branch threads. In Lambda that CPU is a share
 * of one vCPU set by the function's memory, so it, not the wall time, is what a smaller or larger
 * function would change (docs/cost.md). Threads that end before a reading lose their time, so a
 * reading is a lower bound; the run keeps these threads busy.
 */
final class HandlerCpu {
  private static final List<String> PREFIXES = List.of("adstream-function-", "adstream-writer");

  /** The JDK's class of the platform threads that run virtual threads (the branches). */
  private static final String CARRIER = "jdk.internal.misc.CarrierThread";

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private HandlerCpu() {}

  /** Whether this JVM measures per-thread CPU time; readings are 0 where it does not. */
  static boolean supported() {
    return THREADS.isThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
  }

  /** The CPU nanoseconds the processor's live threads have used so far. */
  static long nanos() {
    if (!supported()) {
      return 0;
    }
    long total = 0;
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (PREFIXES.stream().anyMatch(thread.getName()::startsWith)
          || thread.getClass().getName().equals(CARRIER)) {
        total += Math.max(0, THREADS.getThreadCpuTime(thread.threadId()));
      }
    }
    return total;
  }
}
