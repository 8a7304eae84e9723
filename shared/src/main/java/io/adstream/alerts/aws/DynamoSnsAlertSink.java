package io.adstream.alerts.aws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adstream.alerts.Alert;
import io.adstream.alerts.AlertSink;
import io.adstream.config.AdstreamConfig;
import io.adstream.state.CapacityMeter;
import io.adstream.state.aws.BatchReads;
import io.adstream.state.aws.StateJson;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Claims each alert id in the alerts table, then publishes it to the alert topic with the message
 * attributes subscribers filter on ({@code rule}, {@code severity}, {@code campaign_id}, {@code
 * alert_id}), then marks it published. A claim left unpublished by a crash is published by whoever
 * raises the alert next; only a crash between publishing and marking can send a second copy, with
 * the same alert_id. Alerts are independent: each one's three calls run in order, the alerts side
 * by side on the given executor (one after another without one), so a minute of floods does not put
 * a chain of round trips on the batch's critical path.
 *
 * <p>An alert this sink has seen published is not claimed again: a crawler clicking all hour raises
 * the same alert id with every click, and each repeated claim is a failed condition DynamoDB bills
 * as a write. The memory is this instance's (a Lambda container's), bounded, and only ever says
 * "published", so forgetting costs a claim and never a copy.
 */
public final class DynamoSnsAlertSink implements AlertSink {
  /** Alert ids remembered as published; a container sees far fewer distinct ids in an hour. */
  static final int KNOWN_PUBLISHED = 10_000;

  private final DynamoDbClient dynamo;
  private final SnsClient sns;
  private final String table;
  private final String topicArn;
  private final Duration retention;
  private final CapacityMeter meter;
  private final Executor executor;
  private final Set<String> knownPublished = boundedSet(KNOWN_PUBLISHED);

  public DynamoSnsAlertSink(
      DynamoDbClient dynamo,
      SnsClient sns,
      String topicArn,
      AdstreamConfig config,
      CapacityMeter meter) {
    this(dynamo, sns, topicArn, config, meter, Runnable::run);
  }

  public DynamoSnsAlertSink(
      DynamoDbClient dynamo,
      SnsClient sns,
      String topicArn,
      AdstreamConfig config,
      CapacityMeter meter,
      Executor executor) {
    this.executor = executor;
    this.dynamo = dynamo;
    this.sns = sns;
    this.table = config.names().alertsTable();
    this.topicArn = topicArn;
    this.retention = config.retention().alerts();
    this.meter = meter;
  }

  @Override
  public List<Alert> raise(List<Alert> alerts) {
    List<CompletableFuture<Boolean>> raised = new ArrayList<>(alerts.size());
    for (Alert alert : alerts) {
      raised.add(CompletableFuture.supplyAsync(() -> raise(alert), executor));
    }
    // every alert's calls end before the batch goes on (or fails), whichever failed first
    CompletableFuture.allOf(raised.toArray(CompletableFuture[]::new))
        .exceptionally(e -> null)
        .join();
    List<Alert> published = new ArrayList<>();
    for (int i = 0; i < alerts.size(); i++) {
      try {
        if (raised.get(i).join()) {
          published.add(alerts.get(i));
        }
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException cause ? cause : e;
      }
    }
    return published;
  }

  /** Whether this call published the alert. */
  private boolean raise(Alert alert) {
    if (knownPublished.contains(alert.id()) || !claimUnpublished(alert)) {
      return false;
    }
    publish(alert);
    markPublished(alert);
    knownPublished.add(alert.id());
    return true;
  }

  /**
   * Whether the alert still has to be published: newly claimed, or claimed before and never
   * published.
   */
  private boolean claimUnpublished(Alert alert) {
    Map<String, AttributeValue> item = new HashMap<>(AlertItems.item(alert, retention));
    item.put("published", AttributeValue.fromBool(false));
    try {
      var response =
          dynamo.putItem(
              r ->
                  r.tableName(table)
                      .item(item)
                      .conditionExpression("attribute_not_exists(pk)")
                      .returnValuesOnConditionCheckFailure(
                          ReturnValuesOnConditionCheckFailure.ALL_OLD)
                      .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
      meter.wrote(
          table, CapacityMeter.itemKind(alert.id()), BatchReads.units(response.consumedCapacity()));
      return true;
    } catch (ConditionalCheckFailedException claimed) {
      meter.wrote(table, CapacityMeter.itemKind(alert.id()), 1);
      AttributeValue published = claimed.hasItem() ? claimed.item().get("published") : null;
      boolean unpublished = published != null && Boolean.FALSE.equals(published.bool());
      if (!unpublished) {
        knownPublished.add(alert.id());
      }
      return unpublished;
    }
  }

  private void publish(Alert alert) {
    Map<String, MessageAttributeValue> attributes = new HashMap<>();
    attributes.put("rule", text(alert.rule()));
    attributes.put("severity", text(alert.severity().name()));
    attributes.put("alert_id", text(alert.id()));
    alert.campaignId().ifPresent(c -> attributes.put("campaign_id", text(c)));
    sns.publish(r -> r.topicArn(topicArn).message(payload(alert)).messageAttributes(attributes));
  }

  private void markPublished(Alert alert) {
    var response =
        dynamo.updateItem(
            r ->
                r.tableName(table)
                    .key(AlertItems.key(alert.id()))
                    .updateExpression("SET published = :yes")
                    .expressionAttributeValues(Map.of(":yes", AttributeValue.fromBool(true)))
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
    meter.wrote(
        table, CapacityMeter.itemKind(alert.id()), BatchReads.units(response.consumedCapacity()));
  }

  /** The alert as its subscribers read it: ids and tokens only, never raw personal data. */
  public static String payload(Alert alert) {
    ObjectNode node = StateJson.NODES.objectNode();
    node.put("alert_id", alert.id());
    node.put("rule", alert.rule());
    node.put("severity", alert.severity().name());
    node.put("subject", alert.subject());
    alert.campaignId().ifPresent(c -> node.put("campaign_id", c));
    node.put("window_start", alert.windowStart().toString());
    node.put("window_end", alert.windowEnd().toString());
    node.put("raised_at", alert.raisedAt().toString());
    ObjectNode evidence = node.putObject("evidence");
    alert.evidence().forEach((name, value) -> evidence.put(name, new BigDecimal(value.toString())));
    return StateJson.write(node);
  }

  /** A thread-safe set that forgets its oldest entries past {@code max}. */
  private static Set<String> boundedSet(int max) {
    return Collections.newSetFromMap(
        Collections.synchronizedMap(
            new LinkedHashMap<>() {
              private static final long serialVersionUID = 1L;

              @Override
              protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > max;
              }
            }));
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }
}
