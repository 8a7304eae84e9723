package io.adstream.local.provision;

import io.adstream.aws.AwsClientFactory;
import io.adstream.aws.ProvisioningPlan;
import io.adstream.aws.ProvisioningPlan.DeliveryStreamPlan;
import io.adstream.config.TableSpec;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.CompressionFormat;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamType;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates a {@link ProvisioningPlan} on the local AWS (emulator, LocalStack, Floci). Idempotent:
 * what exists is kept (the PII key keeps its value), what exists with other settings than the
 * plan's is an error naming the difference, and what is missing is created.
 *
 * <p>Two deliberate differences from the CDK app, both because of the emulator: the delivery
 * streams write uncompressed (moto writes the bytes it is given whatever compression is configured,
 * so configuring GZIP would misdescribe the objects), and Firehose's role is a placeholder ARN
 * (emulators do not check IAM).
 */
public final class LocalProvisioner {

  private static final String ALPHANUMERIC =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private final AwsClientFactory aws;

  public LocalProvisioner(AwsClientFactory aws) {
    this.aws = aws;
  }

  public ProvisionedResources provision(ProvisioningPlan plan) {
    try (KinesisClient kinesis = aws.kinesis();
        DynamoDbClient dynamoDb = aws.dynamoDb();
        SnsClient sns = aws.sns();
        SqsClient sqs = aws.sqs();
        S3Client s3 = aws.s3();
        FirehoseClient firehose = aws.firehose();
        SecretsManagerClient secrets = aws.secretsManager()) {
      String streamArn = stream(kinesis, plan.stream());
      plan.tables().forEach(table -> table(dynamoDb, table));
      String alertTopicArn = sns.createTopic(b -> b.name(plan.alertTopic().name())).topicArn();
      String opsTopicArn = sns.createTopic(b -> b.name(plan.opsTopic().name())).topicArn();
      String alertQueueUrl = subscribedQueue(sns, sqs, plan.alertSubscriber(), alertTopicArn);
      bucket(s3, plan.lakeBucket(), plan.region());
      plan.deliveryStreams().forEach(stream -> deliveryStream(firehose, stream, plan.account()));
      secret(secrets, plan.piiKey());
      return new ProvisionedResources(streamArn, alertTopicArn, opsTopicArn, alertQueueUrl);
    }
  }

  private static String stream(KinesisClient kinesis, ProvisioningPlan.StreamPlan stream) {
    try {
      StreamDescriptionSummary existing =
          kinesis
              .describeStreamSummary(b -> b.streamName(stream.name()))
              .streamDescriptionSummary();
      if (existing.openShardCount() != stream.shardCount()) {
        throw new ProvisioningException(
            "stream "
                + stream.name()
                + " exists with "
                + existing.openShardCount()
                + " shards, the configuration asks for "
                + stream.shardCount()
                + ": delete the stream or change stream.shardCount");
      }
    } catch (software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException missing) {
      kinesis.createStream(b -> b.streamName(stream.name()).shardCount(stream.shardCount()));
    }
    kinesis.waiter().waitUntilStreamExists(b -> b.streamName(stream.name()));
    if (stream.retentionHours() > 24) {
      int current =
          kinesis
              .describeStreamSummary(b -> b.streamName(stream.name()))
              .streamDescriptionSummary()
              .retentionPeriodHours();
      if (current < stream.retentionHours()) {
        kinesis.increaseStreamRetentionPeriod(
            b -> b.streamName(stream.name()).retentionPeriodHours(stream.retentionHours()));
      }
    }
    return kinesis
        .describeStreamSummary(b -> b.streamName(stream.name()))
        .streamDescriptionSummary()
        .streamARN();
  }

  private static void table(DynamoDbClient dynamoDb, TableSpec table) {
    List<String> keyAttributes = new ArrayList<>();
    keyAttributes.add(table.partitionKey());
    table.sortKey().ifPresent(keyAttributes::add);
    table
        .indexes()
        .forEach(
            index -> {
              keyAttributes.add(index.partitionKey());
              keyAttributes.add(index.sortKey());
            });
    List<KeySchemaElement> keys = new ArrayList<>();
    keys.add(key(table.partitionKey(), KeyType.HASH));
    table.sortKey().ifPresent(sortKey -> keys.add(key(sortKey, KeyType.RANGE)));
    List<GlobalSecondaryIndex> indexes =
        table.indexes().stream()
            .map(
                index ->
                    GlobalSecondaryIndex.builder()
                        .indexName(index.name())
                        .keySchema(
                            key(index.partitionKey(), KeyType.HASH),
                            key(index.sortKey(), KeyType.RANGE))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                        .build())
            .toList();
    try {
      dynamoDb.createTable(
          b ->
              b.tableName(table.name())
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .attributeDefinitions(
                      keyAttributes.stream()
                          .distinct()
                          .map(
                              name ->
                                  AttributeDefinition.builder()
                                      .attributeName(name)
                                      .attributeType(ScalarAttributeType.S)
                                      .build())
                          .toList())
                  .keySchema(keys)
                  .globalSecondaryIndexes(indexes.isEmpty() ? null : indexes));
    } catch (ResourceInUseException exists) {
      List<KeySchemaElement> existingKeys =
          dynamoDb.describeTable(b -> b.tableName(table.name())).table().keySchema();
      if (!existingKeys.equals(keys)) {
        throw new ProvisioningException(
            "table "
                + table.name()
                + " exists with keys "
                + existingKeys
                + ", the plan has "
                + keys
                + ": delete it");
      }
    }
    dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(table.name()));
    TimeToLiveStatus ttl =
        dynamoDb
            .describeTimeToLive(b -> b.tableName(table.name()))
            .timeToLiveDescription()
            .timeToLiveStatus();
    if (ttl != TimeToLiveStatus.ENABLED && ttl != TimeToLiveStatus.ENABLING) {
      dynamoDb.updateTimeToLive(
          b ->
              b.tableName(table.name())
                  .timeToLiveSpecification(
                      t -> t.attributeName(table.ttlAttribute()).enabled(true)));
    }
  }

  private static KeySchemaElement key(String attribute, KeyType type) {
    return KeySchemaElement.builder().attributeName(attribute).keyType(type).build();
  }

  private static String subscribedQueue(
      SnsClient sns, SqsClient sqs, ProvisioningPlan.QueuePlan queue, String topicArn) {
    String queueUrl = sqs.createQueue(b -> b.queueName(queue.name())).queueUrl();
    String queueArn =
        sqs.getQueueAttributes(
                b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    // what AWS needs for SNS to deliver; emulators accept it and do not check it
    String policy =
        """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},\
        "Action":"sqs:SendMessage","Resource":"%s","Condition":{"ArnEquals":{"aws:SourceArn":"%s"}}}]}"""
            .formatted(queueArn, topicArn);
    sqs.setQueueAttributes(
        b -> b.queueUrl(queueUrl).attributes(Map.of(QueueAttributeName.POLICY, policy)));
    boolean subscribed =
        sns.listSubscriptionsByTopicPaginator(b -> b.topicArn(topicArn)).subscriptions().stream()
            .anyMatch(s -> s.protocol().equals("sqs") && s.endpoint().equals(queueArn));
    if (!subscribed) {
      sns.subscribe(
          b ->
              b.topicArn(topicArn)
                  .protocol("sqs")
                  .endpoint(queueArn)
                  .attributes(
                      Map.of("RawMessageDelivery", Boolean.toString(queue.rawMessageDelivery()))));
    }
    return queueUrl;
  }

  private static void bucket(S3Client s3, String bucket, String region) {
    try {
      s3.createBucket(
          b -> {
            b.bucket(bucket);
            // us-east-1 is the one region that must not be named as a location constraint
            if (!region.equals("us-east-1")) {
              b.createBucketConfiguration(
                  c -> c.locationConstraint(BucketLocationConstraint.fromValue(region)));
            }
          });
    } catch (BucketAlreadyOwnedByYouException exists) {
      // provisioned before
    }
  }

  private static void deliveryStream(
      FirehoseClient firehose, DeliveryStreamPlan stream, String account) {
    try {
      firehose.createDeliveryStream(
          b ->
              b.deliveryStreamName(stream.name())
                  .deliveryStreamType(DeliveryStreamType.DIRECT_PUT)
                  .extendedS3DestinationConfiguration(
                      s3 ->
                          s3.bucketARN("arn:aws:s3:::" + stream.bucket())
                              .roleARN(
                                  "arn:aws:iam::"
                                      + account
                                      + ":role/"
                                      + stream.name()
                                      + "-delivery")
                              .prefix(stream.prefix())
                              .errorOutputPrefix(stream.errorOutputPrefix())
                              .compressionFormat(CompressionFormat.UNCOMPRESSED)
                              .bufferingHints(
                                  h ->
                                      h.intervalInSeconds(stream.bufferSeconds())
                                          .sizeInMBs(stream.bufferMb()))));
    } catch (software.amazon.awssdk.services.firehose.model.ResourceInUseException exists) {
      // provisioned before
    }
  }

  private static void secret(SecretsManagerClient secrets, ProvisioningPlan.SecretPlan secret) {
    try {
      secrets.createSecret(
          b ->
              b.name(secret.name())
                  .description("adstream development PII key (local only)")
                  .secretString(
                      "{\"version\":1,\"key\":\"" + devKey(secret.generatedLength()) + "\"}"));
    } catch (ResourceExistsException exists) {
      // keep the existing key: tokens made with it must stay matchable
    }
  }

  private static String devKey(int length) {
    SecureRandom random = new SecureRandom();
    StringBuilder key = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      key.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
    }
    return key.toString();
  }
}
