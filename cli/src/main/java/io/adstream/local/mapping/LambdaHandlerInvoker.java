package io.adstream.local.mapping;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.adstream.local.mapping.InvocationOutcome.FailureKind;
import io.adstream.stream.SourceRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Invokes a Lambda handler class in this JVM with a real {@link KinesisEvent} and {@link
 * LocalContext}, and reads its {@link StreamsEventResponse} as Lambda does. The handler runs on a
 * thread of its own so that a timeout can be enforced: past it the invocation counts as failed and
 * its thread is interrupted and abandoned. Lambda would end the execution environment; a JVM cannot
 * end a thread, so the abandoned thread may still run with the handler instance. That instance is
 * therefore never invoked again: the next invocation gets a new one from the supplier, as Lambda's
 * next invocation gets a fresh environment, and no handler state (a digest, a Mac, a batch in
 * progress) is ever used by two threads at once.
 */
final class LambdaHandlerInvoker implements FunctionInvoker {

  private final Supplier<? extends RequestHandler<KinesisEvent, StreamsEventResponse>> handlers;
  private final KinesisEvents events;
  private final FunctionIdentity function;
  private final boolean reportBatchItemFailures;
  private final ExecutorService threads;
  private final FunctionLog log;

  /**
   * The instance of the current execution environment; none until the first invocation and after a
   * timeout.
   */
  private RequestHandler<KinesisEvent, StreamsEventResponse> handler;

  /**
   * @param handlers makes a handler instance: once, and again after every timeout
   */
  LambdaHandlerInvoker(
      Supplier<? extends RequestHandler<KinesisEvent, StreamsEventResponse>> handlers,
      KinesisEvents events,
      FunctionIdentity function,
      boolean reportBatchItemFailures,
      ExecutorService threads,
      FunctionLog log) {
    this.handlers = handlers;
    this.events = events;
    this.function = function;
    this.reportBatchItemFailures = reportBatchItemFailures;
    this.threads = threads;
    this.log = log;
  }

  @Override
  public InvocationOutcome invoke(List<SourceRecord> batch) throws InterruptedException {
    String requestId = UUID.randomUUID().toString();
    KinesisEvent event = events.event(batch);
    long deadline = System.nanoTime() + function.timeout().toNanos();
    LocalContext context = new LocalContext(requestId, function, deadline, log);
    if (handler == null) {
      handler = Objects.requireNonNull(handlers.get(), "the handler supplier returned null");
    }
    RequestHandler<KinesisEvent, StreamsEventResponse> instance = handler;
    Future<StreamsEventResponse> running =
        threads.submit(() -> instance.handleRequest(event, context));
    StreamsEventResponse response;
    try {
      response = running.get(function.timeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      running.cancel(true);
      handler = null; // its thread may still run: the next invocation starts a new environment
      String detail = "Task timed out after " + function.timeout().toMillis() / 1000.0 + " seconds";
      log.log(requestId + " " + detail);
      return new InvocationOutcome.Failed(FailureKind.TIMEOUT, detail);
    } catch (ExecutionException e) {
      Throwable error = e.getCause();
      log.log(requestId + " ERROR Invoke Error " + stackTrace(error));
      return new InvocationOutcome.Failed(FailureKind.FUNCTION_ERROR, error.toString());
    } catch (InterruptedException e) {
      running.cancel(true);
      handler = null;
      throw e;
    }
    return read(response, batch, requestId);
  }

  /** The documented success and failure conditions of a partial batch response. */
  private InvocationOutcome read(
      StreamsEventResponse response, List<SourceRecord> batch, String requestId) {
    if (!reportBatchItemFailures
        || response == null
        || response.getBatchItemFailures() == null
        || response.getBatchItemFailures().isEmpty()) {
      return new InvocationOutcome.Succeeded();
    }
    Map<String, Integer> positions = new HashMap<>();
    for (int i = 0; i < batch.size(); i++) {
      positions.put(batch.get(i).sequenceNumber(), i);
    }
    int firstFailed = Integer.MAX_VALUE;
    for (StreamsEventResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
      String id = failure == null ? null : failure.getItemIdentifier();
      Integer position = id == null ? null : positions.get(id);
      if (position == null) {
        String detail =
            id == null || id.isBlank()
                ? "a batch item failure has no itemIdentifier"
                : "itemIdentifier " + id + " is not a sequence number of the batch";
        log.log(requestId + " the whole batch failed: " + detail);
        return new InvocationOutcome.Failed(FailureKind.INVALID_RESPONSE, detail);
      }
      firstFailed = Math.min(firstFailed, position);
    }
    return new InvocationOutcome.PartiallyFailed(firstFailed);
  }

  private static String stackTrace(Throwable error) {
    StringWriter trace = new StringWriter();
    error.printStackTrace(new PrintWriter(trace));
    return trace.toString();
  }
}
