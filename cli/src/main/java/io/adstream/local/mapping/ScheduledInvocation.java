package io.adstream.local.mapping;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.adstream.aws.ProvisioningPlan;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.joda.time.DateTime;

/**
 * Invokes a scheduled function once, as an EventBridge schedule rule would: a {@code Scheduled
 * Event} from {@code aws.events} naming the rule, and a context with the function's identity and
 * timeout.
 */
public final class ScheduledInvocation {
  private ScheduledInvocation() {}

  public static <R> R invoke(
      RequestHandler<ScheduledEvent, R> handler,
      ProvisioningPlan plan,
      String functionName,
      String ruleName,
      Duration timeout,
      Instant at,
      PrintStream functionLog) {
    ScheduledEvent event = new ScheduledEvent();
    event.setId(UUID.randomUUID().toString());
    event.setSource("aws.events");
    event.setDetailType("Scheduled Event");
    event.setAccount(plan.account());
    event.setRegion(plan.region());
    event.setTime(new DateTime(at.toEpochMilli()));
    event.setResources(
        List.of("arn:aws:events:" + plan.region() + ":" + plan.account() + ":rule/" + ruleName));
    event.setDetail(Map.of());
    String arn =
        "arn:aws:lambda:" + plan.region() + ":" + plan.account() + ":function:" + functionName;
    LocalContext context =
        new LocalContext(
            event.getId(),
            new FunctionIdentity(functionName, arn, plan.mapping().functionMemoryMb(), timeout),
            System.nanoTime() + timeout.toNanos(),
            new FunctionLog(functionLog));
    return handler.handleRequest(event, context);
  }
}
