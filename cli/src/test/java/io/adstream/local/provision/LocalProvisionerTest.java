package io.adstream.local.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.adstream.aws.AwsClientFactory;
import io.adstream.aws.ProvisioningPlan;
import io.adstream.config.AdstreamConfig;
import io.adstream.config.TableSpec;
import io.adstream.local.EmulatorTest;
import io.adstream.pii.KeyRing;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

@EmulatorTest
class LocalProvisionerTest {

  private final String prefix = "p" + UUID.randomUUID().toString().substring(0, 8);
  private final ProvisioningPlan plan =
      ProvisioningPlan.of(
          AdstreamConfig.withOverrides(
              "{\"prefix\":\"" + prefix + "\",\"stream\":{\"shardCount\":3}}"));

  @Test
  void provisionsTheStreamTablesAndSecretAndCanRunAgain(AwsClientFactory aws) {
    LocalProvisioner provisioner = new LocalProvisioner(aws);
    ProvisionedResources first = provisioner.provision(plan);
    String firstKey;
    try (SecretsManagerClient secrets = aws.secretsManager()) {
      firstKey = secrets.getSecretValue(b -> b.secretId(plan.piiKey().name())).secretString();
    }

    ProvisionedResources second = provisioner.provision(plan);

    assertThat(second).isEqualTo(first);
    assertThat(first.streamArn()).isEqualTo(plan.streamArn());
    try (KinesisClient kinesis = aws.kinesis();
        DynamoDbClient dynamoDb = aws.dynamoDb();
        SecretsManagerClient secrets = aws.secretsManager()) {
      assertThat(kinesis.listShards(b -> b.streamName(plan.stream().name())).shards()).hasSize(3);
      for (TableSpec table : plan.tables()) {
        TableDescription description =
            dynamoDb.describeTable(b -> b.tableName(table.name())).table();
        assertThat(description.keySchema().getFirst().attributeName())
            .isEqualTo(table.partitionKey());
        assertThat(description.globalSecondaryIndexes())
            .extracting(i -> i.indexName())
            .containsExactlyElementsOf(
                table.indexes().stream().map(TableSpec.IndexSpec::name).toList());
        assertThat(
                dynamoDb.describeTimeToLive(b -> b.tableName(table.name())).timeToLiveDescription())
            .satisfies(
                ttl -> {
                  assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
                  assertThat(ttl.attributeName()).isEqualTo(TableSpec.TTL_ATTRIBUTE);
                });
      }
      String key = secrets.getSecretValue(b -> b.secretId(plan.piiKey().name())).secretString();
      assertThat(key).isEqualTo(firstKey);
      assertThat(KeyRing.fromSecretDocument(key, "the provisioned secret").current().version())
          .isEqualTo(1);
    }
  }

  @Test
  void alertsPublishedToTheTopicCanBeReadBackRaw(AwsClientFactory aws) {
    ProvisionedResources resources = new LocalProvisioner(aws).provision(plan);

    try (SnsClient sns = aws.sns();
        SqsClient sqs = aws.sqs()) {
      sns.publish(
          b ->
              b.topicArn(resources.alertTopicArn())
                  .message("{\"alert_id\":\"a-1\"}")
                  .messageAttributes(
                      java.util.Map.of(
                          "rule",
                          MessageAttributeValue.builder()
                              .dataType("String")
                              .stringValue("click_flood")
                              .build())));
      List<Message> received =
          sqs.receiveMessage(
                  b ->
                      b.queueUrl(resources.alertQueueUrl())
                          .waitTimeSeconds(5)
                          .maxNumberOfMessages(10))
              .messages();

      assertThat(received).extracting(Message::body).containsExactly("{\"alert_id\":\"a-1\"}");
    }
  }

  @Test
  void eachDeliveryStreamLandsUnderItsPrefixInTheLake(AwsClientFactory aws) {
    new LocalProvisioner(aws).provision(plan);

    try (FirehoseClient firehose = aws.firehose();
        S3Client s3 = aws.s3()) {
      for (ProvisioningPlan.DeliveryStreamPlan stream : plan.deliveryStreams()) {
        firehose.putRecord(
            b ->
                b.deliveryStreamName(stream.name())
                    .record(r -> r.data(SdkBytes.fromUtf8String("{}\n"))));
      }
      List<String> keys =
          s3.listObjectsV2Paginator(b -> b.bucket(plan.lakeBucket())).contents().stream()
              .map(S3Object::key)
              .toList();

      assertThat(keys).hasSize(3);
      assertThat(keys).anySatisfy(k -> assertThat(k).startsWith("enriched/"));
      assertThat(keys).anySatisfy(k -> assertThat(k).startsWith("attribution/"));
      assertThat(keys).anySatisfy(k -> assertThat(k).startsWith("quarantine/"));
    }
  }

  @Test
  void refusesAStreamThatExistsWithAnotherShardCount(AwsClientFactory aws) {
    new LocalProvisioner(aws).provision(plan);
    ProvisioningPlan resharded =
        ProvisioningPlan.of(
            AdstreamConfig.withOverrides(
                "{\"prefix\":\"" + prefix + "\",\"stream\":{\"shardCount\":2}}"));

    assertThatThrownBy(() -> new LocalProvisioner(aws).provision(resharded))
        .isInstanceOf(ProvisioningException.class)
        .hasMessageContaining("exists with 3 shards")
        .hasMessageContaining("asks for 2");
  }
}
