package io.adstream.local.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse.BatchItemFailure;
import io.adstream.local.mapping.InvocationOutcome.FailureKind;
import io.adstream.stream.SourceRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How a handler's response is read: the documented success and failure conditions of partial batch
 * responses.
 */
class LambdaHandlerInvokerTest {

  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private final List<SourceRecord> batch =
      IntStream.rangeClosed(1, 4)
          .mapToObj(
              i ->
                  new SourceRecord(
                      "events",
                      "shardId-000000000000",
                      "10" + i,
                      "pk",
                      Instant.now(),
                      new byte[] {(byte) i}))
          .toList();

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  @Test
  void noResponseOrNoFailuresMeanTheWholeBatchSucceeded() throws InterruptedException {
    assertThat(invokeReturning(null)).isInstanceOf(InvocationOutcome.Succeeded.class);
    assertThat(invokeReturning(new StreamsEventResponse()))
        .isInstanceOf(InvocationOutcome.Succeeded.class);
    assertThat(invokeReturning(new StreamsEventResponse(List.of())))
        .isInstanceOf(InvocationOutcome.Succeeded.class);
  }

  @Test
  void theLowestReportedSequenceNumberIsWhereTheBatchResumes() throws InterruptedException {
    InvocationOutcome outcome = invokeReturning(failures("104", "102", "103"));

    assertThat(outcome).isEqualTo(new InvocationOutcome.PartiallyFailed(1));
  }

  @Test
  void anIdentifierThatIsEmptyOrNotInTheBatchFailsTheWholeBatch() throws InterruptedException {
    assertThat(invokeReturning(failures("102", "999")))
        .isInstanceOfSatisfying(
            InvocationOutcome.Failed.class,
            f -> assertThat(f.kind()).isEqualTo(FailureKind.INVALID_RESPONSE));
    assertThat(invokeReturning(failures("")))
        .isInstanceOfSatisfying(
            InvocationOutcome.Failed.class,
            f -> assertThat(f.kind()).isEqualTo(FailureKind.INVALID_RESPONSE));
    assertThat(invokeReturning(failures((String) null)))
        .isInstanceOfSatisfying(
            InvocationOutcome.Failed.class,
            f -> assertThat(f.kind()).isEqualTo(FailureKind.INVALID_RESPONSE));
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("999 is not a sequence number of the batch");
  }

  @Test
  void aThrowingHandlerFailsTheWholeBatchAndItsErrorIsLogged() throws InterruptedException {
    InvocationOutcome outcome =
        invoker(
                (event, context) -> {
                  throw new IllegalStateException("table not found");
                })
            .invoke(batch);

    assertThat(outcome)
        .isInstanceOfSatisfying(
            InvocationOutcome.Failed.class,
            f -> assertThat(f.kind()).isEqualTo(FailureKind.FUNCTION_ERROR));
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("ERROR Invoke Error")
        .contains("table not found");
  }

  @Test
  void itemFailuresAreIgnoredWhenTheMappingDoesNotReportThem() throws InterruptedException {
    LambdaHandlerInvoker invoker =
        new LambdaHandlerInvoker(
            () -> (event, context) -> failures("102"),
            events(),
            function(),
            false,
            threads,
            new FunctionLog(new PrintStream(log)));

    assertThat(invoker.invoke(batch)).isInstanceOf(InvocationOutcome.Succeeded.class);
  }

  @Test
  void anInstanceWhoseInvocationTimedOutIsNeverInvokedAgain() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    List<Object> instancesInvoked = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicInteger made =
        new java.util.concurrent.atomic.AtomicInteger();
    Supplier<RequestHandler<KinesisEvent, StreamsEventResponse>> handlers =
        () -> {
          boolean first = made.getAndIncrement() == 0;
          return new RequestHandler<>() {
            @Override
            public StreamsEventResponse handleRequest(
                KinesisEvent event, com.amazonaws.services.lambda.runtime.Context context) {
              instancesInvoked.add(this);
              if (first) {
                // ignores the interrupt, as a thread blocked in I/O may: it runs on past the
                // timeout
                while (release.getCount() > 0) {
                  try {
                    release.await();
                  } catch (InterruptedException interrupted) {
                    // keeps waiting
                  }
                }
              }
              return new StreamsEventResponse();
            }
          };
        };
    LambdaHandlerInvoker invoker =
        new LambdaHandlerInvoker(
            handlers,
            events(),
            new FunctionIdentity(
                "fn",
                "arn:aws:lambda:us-east-1:000000000000:function:fn",
                1024,
                Duration.ofMillis(500)),
            true,
            threads,
            new FunctionLog(new PrintStream(log, true, StandardCharsets.UTF_8)));

    assertThat(invoker.invoke(batch))
        .isInstanceOfSatisfying(
            InvocationOutcome.Failed.class,
            f -> assertThat(f.kind()).isEqualTo(FailureKind.TIMEOUT));
    assertThat(invoker.invoke(batch)).isInstanceOf(InvocationOutcome.Succeeded.class);
    assertThat(invoker.invoke(batch)).isInstanceOf(InvocationOutcome.Succeeded.class);
    release.countDown();

    assertThat(made).hasValue(2);
    assertThat(instancesInvoked).hasSize(3);
    assertThat(instancesInvoked.get(1))
        .isNotSameAs(instancesInvoked.get(0))
        .isSameAs(instancesInvoked.get(2));
  }

  @Test
  void eachInvocationGetsFreshDataBuffers() throws InterruptedException {
    List<byte[]> seen = new ArrayList<>();
    LambdaHandlerInvoker invoker =
        invoker(
            (event, context) -> {
              // a handler that consumes the buffer, as decoding does
              var data = event.getRecords().getFirst().getKinesis().getData();
              byte[] bytes = new byte[data.remaining()];
              data.get(bytes);
              seen.add(bytes);
              return null;
            });

    invoker.invoke(batch);
    invoker.invoke(batch);

    assertThat(seen)
        .hasSize(2)
        .allSatisfy(bytes -> assertThat(Arrays.equals(bytes, new byte[] {1})).isTrue());
  }

  private InvocationOutcome invokeReturning(StreamsEventResponse response)
      throws InterruptedException {
    return invoker((event, context) -> response).invoke(batch);
  }

  private LambdaHandlerInvoker invoker(RequestHandler<KinesisEvent, StreamsEventResponse> handler) {
    return new LambdaHandlerInvoker(
        () -> handler,
        events(),
        function(),
        true,
        threads,
        new FunctionLog(new PrintStream(log, true, StandardCharsets.UTF_8)));
  }

  private static KinesisEvents events() {
    return new KinesisEvents(
        "arn:aws:kinesis:us-east-1:000000000000:stream/events",
        "us-east-1",
        "arn:aws:iam::000000000000:role/fn");
  }

  private static FunctionIdentity function() {
    return new FunctionIdentity(
        "fn", "arn:aws:lambda:us-east-1:000000000000:function:fn", 1024, Duration.ofSeconds(10));
  }

  private static StreamsEventResponse failures(String... ids) {
    return new StreamsEventResponse(Arrays.stream(ids).map(BatchItemFailure::new).toList());
  }
}
