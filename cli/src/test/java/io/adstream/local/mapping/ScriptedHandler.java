package io.adstream.local.mapping;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent.KinesisEventRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Lambda handler that records what it is given and answers as its script says. Thread-safe. */
final class ScriptedHandler implements RequestHandler<KinesisEvent, StreamsEventResponse> {

  /** Decides the response to one batch; may throw to fail it whole. */
  @FunctionalInterface
  interface Script {
    StreamsEventResponse respond(List<KinesisEventRecord> records, Context context)
        throws Exception;
  }

  record Invocation(List<KinesisEventRecord> records, List<String> lines, Context context) {
    String shardId() {
      return records
          .getFirst()
          .getEventID()
          .substring(0, records.getFirst().getEventID().indexOf(':'));
    }
  }

  private final Script script;
  private final List<Invocation> invocations = new CopyOnWriteArrayList<>();

  ScriptedHandler(Script script) {
    this.script = script;
  }

  static ScriptedHandler succeeding() {
    return new ScriptedHandler((records, context) -> new StreamsEventResponse());
  }

  @Override
  public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
    List<String> lines =
        event.getRecords().stream()
            .map(
                r -> StandardCharsets.UTF_8.decode(r.getKinesis().getData().duplicate()).toString())
            .toList();
    invocations.add(new Invocation(event.getRecords(), lines, context));
    try {
      return script.respond(event.getRecords(), context);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  List<Invocation> invocations() {
    return List.copyOf(invocations);
  }

  /** Every line handed to the function, in invocation order, redeliveries included. */
  List<String> linesSeen() {
    return invocations.stream().flatMap(i -> i.lines().stream()).toList();
  }

  static StreamsEventResponse failedAt(KinesisEventRecord record) {
    return new StreamsEventResponse(
        List.of(
            new StreamsEventResponse.BatchItemFailure(record.getKinesis().getSequenceNumber())));
  }

  static boolean contains(List<KinesisEventRecord> records, String line) {
    return records.stream().anyMatch(record -> line(record).equals(line));
  }

  static String line(KinesisEventRecord record) {
    return StandardCharsets.UTF_8.decode(record.getKinesis().getData().duplicate()).toString();
  }
}
