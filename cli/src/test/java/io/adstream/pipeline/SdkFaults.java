package io.adstream.pipeline;

import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Crashes real SDK calls: before a request is sent (nothing happened) or after its response arrived
 * (it happened, the caller never learns). Seeded, so a failing run can be repeated.
 */
final class SdkFaults implements ExecutionInterceptor {
  /** Writes, and the reads a batch starts with. */
  private static final Set<String> FAULTED =
      Set.of("UpdateItem", "PutItem", "TransactWriteItems", "BatchGetItem", "PutRecordBatch");

  private final SplittableRandom random;
  private final int oneIn;
  private final AtomicInteger injected = new AtomicInteger();

  SdkFaults(long seed, int oneIn) {
    this.random = new SplittableRandom(seed);
    this.oneIn = oneIn;
  }

  int injected() {
    return injected.get();
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    strike(attributes, "before");
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    strike(attributes, "after");
  }

  private void strike(ExecutionAttributes attributes, String when) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    boolean hit;
    synchronized (random) {
      hit = FAULTED.contains(operation) && random.nextInt(oneIn) == 0;
    }
    if (hit) {
      injected.incrementAndGet();
      throw SdkClientException.create("injected: crash " + when + " " + operation);
    }
  }
}
