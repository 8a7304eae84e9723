package io.adstream.pipeline;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whole invocations crash too: one in 40 before doing anything, one in 40 after doing all its work.
 */
final class CrashingHandler {
  private CrashingHandler() {}

  static RequestHandler<KinesisEvent, StreamsEventResponse> wrap(
      RequestHandler<KinesisEvent, StreamsEventResponse> handler,
      SplittableRandom chaos,
      AtomicInteger injected) {
    return (event, context) -> {
      int roll;
      synchronized (chaos) {
        roll = chaos.nextInt(40);
      }
      if (roll == 0) {
        injected.incrementAndGet();
        throw new IllegalStateException("injected: invocation crashed before its work");
      }
      StreamsEventResponse response = handler.handleRequest(event, context);
      if (roll == 1) {
        injected.incrementAndGet();
        throw new IllegalStateException("injected: invocation crashed after its work");
      }
      return response;
    };
  }
}
