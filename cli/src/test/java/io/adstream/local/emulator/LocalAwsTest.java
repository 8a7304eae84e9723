package io.adstream.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.adstream.aws.AwsClientFactory;
import io.adstream.aws.AwsService;
import io.adstream.local.EmulatorTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.s3.S3Client;

@EmulatorTest
class LocalAwsTest {

  private final String name = "t" + UUID.randomUUID().toString().substring(0, 8);

  @Test
  void servesKinesisToTheSdkClient(AwsClientFactory aws) {
    try (KinesisClient kinesis = aws.kinesis()) {
      kinesis.createStream(b -> b.streamName(name).shardCount(1));
      kinesis.waiter().waitUntilStreamExists(b -> b.streamName(name));
      assertThat(
              kinesis
                  .describeStreamSummary(b -> b.streamName(name))
                  .streamDescriptionSummary()
                  .streamStatus())
          .isEqualTo(StreamStatus.ACTIVE);

      kinesis.putRecord(
          b -> b.streamName(name).partitionKey("k").data(SdkBytes.fromUtf8String("hello")));
      String shard = kinesis.listShards(b -> b.streamName(name)).shards().getFirst().shardId();
      String iterator =
          kinesis
              .getShardIterator(
                  b ->
                      b.streamName(name)
                          .shardId(shard)
                          .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
              .shardIterator();
      GetRecordsResponse records = kinesis.getRecords(b -> b.shardIterator(iterator));

      assertThat(records.records())
          .extracting(r -> r.data().asUtf8String())
          .containsExactly("hello");
      assertThat(records.records().getFirst().approximateArrivalTimestamp()).isNotNull();
    }
  }

  @Test
  void servesDynamoDbWithTransactionCancellationReasons(AwsClientFactory aws) {
    try (DynamoDbClient dynamoDb = aws.dynamoDb()) {
      dynamoDb.createTable(
          b ->
              b.tableName(name)
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .attributeDefinitions(
                      AttributeDefinition.builder()
                          .attributeName("pk")
                          .attributeType(ScalarAttributeType.S)
                          .build())
                  .keySchema(
                      KeySchemaElement.builder()
                          .attributeName("pk")
                          .keyType(KeyType.HASH)
                          .build()));
      Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS("claim-1"));
      TransactWriteItem claim =
          TransactWriteItem.builder()
              .put(
                  Put.builder()
                      .tableName(name)
                      .item(item)
                      .conditionExpression("attribute_not_exists(pk)")
                      .build())
              .build();
      dynamoDb.transactWriteItems(b -> b.transactItems(claim));

      assertThatThrownBy(() -> dynamoDb.transactWriteItems(b -> b.transactItems(claim)))
          .isInstanceOfSatisfying(
              TransactionCanceledException.class,
              e ->
                  assertThat(e.cancellationReasons())
                      .extracting(r -> r.code())
                      .containsExactly("ConditionalCheckFailed"));
    }
  }

  @Test
  void servesS3WithPathStyleAddressing(AwsClientFactory aws) {
    try (S3Client s3 = aws.s3()) {
      s3.createBucket(b -> b.bucket(name));
      s3.putObject(b -> b.bucket(name).key("a/b.json"), RequestBody.fromString("{}"));

      assertThat(s3.getObjectAsBytes(b -> b.bucket(name).key("a/b.json")).asUtf8String())
          .isEqualTo("{}");
    }
  }

  @Test
  void startsNothingWhenAnEndpointIsConfigured(LocalAws shared) {
    String endpoint = shared.target().endpoint(AwsService.S3).orElseThrow().toString();
    try (LocalAws external = LocalAws.start(Map.of("AWS_ENDPOINT_URL", endpoint));
        S3Client viaExternal = external.clients().s3();
        S3Client viaShared = shared.clients().s3()) {
      viaExternal.createBucket(b -> b.bucket(name));

      assertThat(external.embedded()).isFalse();
      assertThat(external.startupTimes().start()).isEmpty();
      assertThat(external.emulator()).isEmpty();
      assertThat(viaShared.listBuckets().buckets()).extracting(b -> b.name()).contains(name);
    }
  }

  @Test
  void reportsHowLongEachPartTookToStart(LocalAws shared) {
    if (shared.embedded()) {
      assertThat(shared.startupTimes().venvSetup()).isPresent();
      assertThat(shared.startupTimes().start()).isPresent();
      assertThat(shared.emulator()).isPresent();
    }
  }
}
