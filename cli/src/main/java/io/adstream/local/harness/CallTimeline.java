package io.adstream.local.harness;

import io.adstream.aws.SimulatedLatency;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Every AWS call one function instance makes, with when it started and ended (retries included):
 * what a batch's latency budget is computed from. Thread-safe; {@link #drain()} hands over the
 * calls so far.
 */
final class CallTimeline implements ExecutionInterceptor {

  private static final ExecutionAttribute<Long> STARTED =
      new ExecutionAttribute<>("adstream.callTimeline.started");

  /**
   * One call: "DynamoDb", "UpdateItem", its table when it names one, and the thread that made it;
   * {@code emulatorExcessNanos} is how much longer than its simulated AWS round trips it took (0
   * without {@link SimulatedLatency}).
   */
  record Call(
      String service,
      String operation,
      Optional<String> table,
      long threadId,
      long startNanos,
      long endNanos,
      long emulatorExcessNanos) {
    String label() {
      return service + " " + operation + table.map(t -> " " + t).orElse("");
    }
  }

  private final List<Call> calls = new ArrayList<>();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    attributes.putAttribute(STARTED, System.nanoTime());
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    ended(context.request(), attributes);
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    ended(context.request(), attributes);
  }

  private void ended(SdkRequest request, ExecutionAttributes attributes) {
    Long started = attributes.getAttribute(STARTED);
    if (started == null) {
      return;
    }
    Call call =
        new Call(
            attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
            attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
            request.getValueForField("TableName", String.class),
            Thread.currentThread().threadId(),
            started,
            System.nanoTime(),
            Optional.ofNullable(attributes.getAttribute(SimulatedLatency.EMULATOR_EXCESS_NANOS))
                .orElse(0L));
    synchronized (calls) {
      calls.add(call);
    }
  }

  List<Call> drain() {
    synchronized (calls) {
      List<Call> drained = List.copyOf(calls);
      calls.clear();
      return drained;
    }
  }
}
