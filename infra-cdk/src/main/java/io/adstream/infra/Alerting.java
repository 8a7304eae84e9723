package io.adstream.infra;

import io.adstream.config.AdstreamConfig;
import io.adstream.config.OperationsSettings.Subscription;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.ITopicSubscription;
import software.amazon.awscdk.services.sns.StringConditions;
import software.amazon.awscdk.services.sns.SubscriptionFilter;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sns.subscriptions.SqsSubscription;
import software.amazon.awscdk.services.sns.subscriptions.UrlSubscription;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * The SNS topics: alerts raised by the processor's rules (fraud and operations teams filter them by
 * rule, severity and campaign), and ops notifications from the pipeline's own CloudWatch alarms.
 */
final class Alerting extends Construct {
  /** The warning's id on the ops topic when operations.opsSubscriptions is empty. */
  static final String NO_OPS_RECIPIENTS = "adstream:noOpsRecipients";

  final Key alertKey;
  final Topic alertTopic;
  final Key opsKey;
  final Topic opsTopic;

  Alerting(Construct scope, String id, AdstreamConfig config) {
    super(scope, id);
    alertKey = Keys.create(this, "AlertKey", "adstream alert topic");
    alertTopic = topic("AlertTopic", config.names().alertTopic(), alertKey);
    // a key of its own: CloudWatch alarms need to use it, and so gain nothing on the alert topic
    opsKey = Keys.create(this, "OpsKey", "adstream ops topic");
    opsTopic = topic("OpsTopic", config.names().opsTopic(), opsKey);
    allowCloudWatchAlarms();
    subscribe(alertTopic, config.operations().alertSubscriptions());
    subscribe(opsTopic, config.operations().opsSubscriptions());
    warnWhenNobodyIsTold(config);
  }

  /**
   * Alarms without a recipient are alarms nobody sees: synth says so, in the warnings cdk synth
   * prints.
   */
  private void warnWhenNobodyIsTold(AdstreamConfig config) {
    if (config.operations().opsSubscriptions().isEmpty()) {
      Annotations.of(opsTopic)
          .addWarningV2(
              NO_OPS_RECIPIENTS,
              "NOBODY RECEIVES THE PIPELINE'S ALARMS: operations.opsSubscriptions is empty, so the "
                  + config.names().opsTopic()
                  + " topic has no subscribers. Add an EMAIL, HTTPS (paging or chat"
                  + " webhook) or SQS recipient to the adstream configuration (docs/operations.md).");
    }
  }

  /**
   * The processor publishes alerts; SNS encrypts them with the topic's key on the publisher's
   * behalf.
   */
  void grantPublishAlerts(IGrantable processor) {
    Permissions.allow(processor, List.of("sns:Publish"), List.of(alertTopic.getTopicArn()));
    Permissions.allowKeyUse(
        processor, alertKey, "sns", List.of("kms:GenerateDataKey", "kms:Decrypt"));
  }

  private Topic topic(String id, String name, Key key) {
    return Topic.Builder.create(this, id).topicName(name).masterKey(key).enforceSsl(true).build();
  }

  /**
   * Alarm actions publish as the CloudWatch service, which needs the topic's policy and its key.
   */
  private void allowCloudWatchAlarms() {
    ServicePrincipal cloudWatch = new ServicePrincipal("cloudwatch.amazonaws.com");
    String ourAlarms =
        "arn:" + Aws.PARTITION + ":cloudwatch:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":alarm:*";
    opsTopic.addToResourcePolicy(
        PolicyStatement.Builder.create()
            .principals(List.of(cloudWatch))
            .actions(List.of("sns:Publish"))
            .resources(List.of(opsTopic.getTopicArn()))
            .conditions(Map.of("ArnLike", Map.of("aws:SourceArn", ourAlarms)))
            .build());
    // only on behalf of this account's alarms: no other account's alarm can make CloudWatch use the
    // key
    opsKey.addToResourcePolicy(
        PolicyStatement.Builder.create()
            .principals(List.of(cloudWatch))
            .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
            .resources(List.of("*"))
            .conditions(
                new TreeMap<>(
                    Map.of(
                        "StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID),
                        "ArnLike", Map.of("aws:SourceArn", ourAlarms))))
            .build());
  }

  private void subscribe(Topic topic, List<Subscription> subscriptions) {
    for (int i = 0; i < subscriptions.size(); i++) {
      topic.addSubscription(
          subscription(topic.getNode().getId() + "Queue" + i, subscriptions.get(i)));
    }
  }

  private ITopicSubscription subscription(String queueId, Subscription subscription) {
    // SNS rejects an empty filter policy: no filter is "every message"
    Map<String, SubscriptionFilter> filter =
        subscription.filter().isEmpty()
            ? null
            : subscription.filter().entrySet().stream()
                .collect(
                    Collectors.toMap(
                        Map.Entry::getKey,
                        e ->
                            SubscriptionFilter.stringFilter(
                                StringConditions.builder().allowlist(e.getValue()).build())));
    String endpoint = subscription.endpoint();
    return switch (subscription.protocol()) {
      case EMAIL -> EmailSubscription.Builder.create(endpoint).filterPolicy(filter).build();
      case SQS ->
          SqsSubscription.Builder.create(Queue.fromQueueArn(this, queueId, endpoint))
              .filterPolicy(filter)
              // the queue receives the alert itself, with its attributes as SQS message attributes
              .rawMessageDelivery(true)
              .build();
      case HTTPS -> UrlSubscription.Builder.create(endpoint).filterPolicy(filter).build();
    };
  }
}
