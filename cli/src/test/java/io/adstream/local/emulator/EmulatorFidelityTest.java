package io.adstream.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.adstream.local.EmulatorTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamStatus;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What adstream relies on from AWS, asserted as AWS documents it, on whichever emulator serves the
 * suite. Where an emulator is known to differ, the test asserts the difference instead, so that it
 * fails — and docs/emulators.md gets updated — the day the emulator changes. Each gap is one entry
 * of {@link #GAPS} and one row of that page.
 */
@EmulatorTest
class EmulatorFidelityTest {

  /** A documented AWS behaviour that an emulator does not reproduce. */
  enum Gap {
    /**
     * Kinesis sequence numbers match 0|([1-9]\d{0,128}): MiniStack pads them with leading zeros.
     */
    SEQUENCE_NUMBER_LEADING_ZEROS,
    /** ConsumedCapacity by item size (a 1.5 KB put = 2 units): moto reports a placeholder. */
    CONSUMED_CAPACITY_PLACEHOLDER,
    /** BatchGetItem answers at most 16 MB and returns the rest as UnprocessedKeys. */
    BATCH_GET_UNLIMITED,
    /**
     * TransactWriteItems with a ClientRequestToken applies once; a different request with it is
     * refused.
     */
    TRANSACTION_TOKEN_IGNORED,
    /**
     * Firehose buffers records into objects; MiniStack writes each record as an object of its own.
     */
    FIREHOSE_OBJECT_PER_RECORD,
  }

  static final Map<Emulator, Set<Gap>> GAPS =
      Map.of(
          Emulator.MINISTACK,
          Set.of(
              Gap.SEQUENCE_NUMBER_LEADING_ZEROS,
              Gap.BATCH_GET_UNLIMITED,
              Gap.FIREHOSE_OBJECT_PER_RECORD),
          Emulator.MOTO,
          Set.of(Gap.CONSUMED_CAPACITY_PLACEHOLDER, Gap.TRANSACTION_TOKEN_IGNORED));

  private final String name = "f" + UUID.randomUUID().toString().substring(0, 8);

  private static boolean has(LocalAws aws, Gap gap) {
    return aws.emulator().map(e -> GAPS.getOrDefault(e, Set.of()).contains(gap)).orElse(false);
  }

  // --- DynamoDB
  // -------------------------------------------------------------------------------------------

  @Test
  void aFailedConditionReturnsTheItemWhenAsked(LocalAws aws) {
    try (DynamoDbClient dynamo = aws.clients().dynamoDb()) {
      createTable(dynamo);
      Map<String, AttributeValue> item = Map.of("pk", s("k"), "v", s("first"));
      dynamo.putItem(
          r -> r.tableName(name).item(item).conditionExpression("attribute_not_exists(pk)"));

      assertThatThrownBy(
              () ->
                  dynamo.putItem(
                      r ->
                          r.tableName(name)
                              .item(Map.of("pk", s("k"), "v", s("second")))
                              .conditionExpression("attribute_not_exists(pk)")
                              .returnValuesOnConditionCheckFailure(
                                  ReturnValuesOnConditionCheckFailure.ALL_OLD)))
          .isInstanceOfSatisfying(
              ConditionalCheckFailedException.class, e -> assertThat(e.item()).isEqualTo(item));
    }
  }

  @Test
  void aCancelledTransactionNamesTheReasonPerItem(LocalAws aws) {
    try (DynamoDbClient dynamo = aws.clients().dynamoDb()) {
      createTable(dynamo);
      Map<String, AttributeValue> taken = Map.of("pk", s("taken"), "v", s("old"));
      dynamo.putItem(r -> r.tableName(name).item(taken));
      List<TransactWriteItem> items =
          List.of(
              TransactWriteItem.builder()
                  .put(p -> p.tableName(name).item(Map.of("pk", s("free"))))
                  .build(),
              TransactWriteItem.builder()
                  .update(
                      u ->
                          u.tableName(name)
                              .key(Map.of("pk", s("taken")))
                              .updateExpression("SET v = :v")
                              .conditionExpression("attribute_not_exists(pk)")
                              .expressionAttributeValues(Map.of(":v", s("new")))
                              .returnValuesOnConditionCheckFailure(
                                  ReturnValuesOnConditionCheckFailure.ALL_OLD))
                  .build());

      assertThatThrownBy(() -> dynamo.transactWriteItems(r -> r.transactItems(items)))
          .isInstanceOfSatisfying(
              TransactionCanceledException.class,
              e -> {
                assertThat(e.cancellationReasons())
                    .extracting(r -> r.code())
                    .containsExactly("None", "ConditionalCheckFailed");
                assertThat(e.cancellationReasons().get(1).item()).isEqualTo(taken);
              });
      assertThat(
              dynamo
                      .getItem(
                          r -> r.tableName(name).key(Map.of("pk", s("free"))).consistentRead(true))
                      .hasItem()
                  && !dynamo
                      .getItem(r -> r.tableName(name).key(Map.of("pk", s("free"))))
                      .item()
                      .isEmpty())
          .as("nothing of a cancelled transaction is applied")
          .isFalse();
    }
  }

  @Test
  void aTransactionWithAClientRequestTokenAppliesOnce(LocalAws aws) {
    try (DynamoDbClient dynamo = aws.clients().dynamoDb()) {
      createTable(dynamo);
      String token = UUID.randomUUID().toString();
      TransactWriteItem add =
          TransactWriteItem.builder()
              .update(
                  u ->
                      u.tableName(name)
                          .key(Map.of("pk", s("counter")))
                          .updateExpression("ADD n :one")
                          .expressionAttributeValues(Map.of(":one", n("1"))))
              .build();
      dynamo.transactWriteItems(r -> r.transactItems(add).clientRequestToken(token));
      dynamo.transactWriteItems(r -> r.transactItems(add).clientRequestToken(token));

      String counted =
          dynamo
              .getItem(r -> r.tableName(name).key(Map.of("pk", s("counter"))).consistentRead(true))
              .item()
              .get("n")
              .n();
      if (has(aws, Gap.TRANSACTION_TOKEN_IGNORED)) {
        assertThat(counted).isEqualTo("2");
        return;
      }
      assertThat(counted).isEqualTo("1");
      TransactWriteItem other =
          TransactWriteItem.builder()
              .put(p -> p.tableName(name).item(Map.of("pk", s("other"))))
              .build();
      assertThatThrownBy(
              () ->
                  dynamo.transactWriteItems(r -> r.transactItems(other).clientRequestToken(token)))
          .isInstanceOf(IdempotentParameterMismatchException.class);
    }
  }

  @Test
  void consumedCapacityFollowsItemSize(LocalAws aws) {
    try (DynamoDbClient dynamo = aws.clients().dynamoDb()) {
      createTable(dynamo);
      Map<String, AttributeValue> item = Map.of("pk", s("big"), "v", s("x".repeat(1_500)));
      double units = putReportingUnits(dynamo, item);
      if (has(aws, Gap.CONSUMED_CAPACITY_PLACEHOLDER)) {
        assertThat(units).isNotEqualTo(2.0);
      } else {
        assertThat(units).isEqualTo(2.0);
      }
    }
  }

  /**
   * Numbers are billed by digit pairs aligned on the decimal point, zero as one byte: an item of
   * 400 zeros is 809 bytes (one unit), where "one byte per two digits, plus one" makes it 1,209
   * (two); 1200000 is three bytes (1|20|00|00), so 300 of them are 1,213 bytes (two units, not
   * one). Aggregates items are full of zero measures, so the calculator must count them this way;
   * where the emulator reports capacity it must agree.
   */
  @Test
  void numbersAreBilledByDigitPairsAndZeroIsOneByte(LocalAws aws) {
    try (DynamoDbClient dynamo = aws.clients().dynamoDb()) {
      createTable(dynamo);
      List<Double> computed = new ArrayList<>();
      List<Double> reported = new ArrayList<>();
      for (Map.Entry<String, Integer> numbers :
          List.of(Map.entry("0", 400), Map.entry("1200000", 300))) {
        String number = numbers.getKey();
        Map<String, AttributeValue> item =
            Map.of(
                "pk",
                s("n" + number),
                "c",
                AttributeValue.fromL(Collections.nCopies(numbers.getValue(), n(number))));
        double before = writeUnits(aws, name);
        reported.add(putReportingUnits(dynamo, item));
        computed.add(writeUnits(aws, name) - before);
      }
      assertThat(computed).containsExactly(1.0, 2.0);
      if (!has(aws, Gap.CONSUMED_CAPACITY_PLACEHOLDER)) {
        assertThat(reported).isEqualTo(computed);
      }
    }
  }

  /**
   * A write to a table with a global secondary index also writes the index, and the write-unit
   * calculator counts it as DynamoDB bills it; where the emulator reports consumed capacity it must
   * agree.
   */
  @Test
  void writesAlsoConsumeTheIndexesTheItemIsIn(LocalAws aws) {
    try (DynamoDbClient dynamo = aws.clients().dynamoDb()) {
      dynamo.createTable(
          b ->
              b.tableName(name)
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .attributeDefinitions(
                      AttributeDefinition.builder()
                          .attributeName("pk")
                          .attributeType(ScalarAttributeType.S)
                          .build(),
                      AttributeDefinition.builder()
                          .attributeName("day")
                          .attributeType(ScalarAttributeType.S)
                          .build())
                  .keySchema(
                      KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                  .globalSecondaryIndexes(
                      GlobalSecondaryIndex.builder()
                          .indexName("by-day")
                          .keySchema(
                              KeySchemaElement.builder()
                                  .attributeName("day")
                                  .keyType(KeyType.HASH)
                                  .build())
                          .projection(
                              Projection.builder().projectionType(ProjectionType.ALL).build())
                          .build()));
      List<Double> computed = new ArrayList<>();
      List<Double> reported = new ArrayList<>();
      java.util.function.Consumer<java.util.function.Function<DynamoDbClient, ConsumedCapacity>>
          write =
              request -> {
                double before = writeUnits(aws, name);
                reported.add(request.apply(dynamo).capacityUnits());
                computed.add(writeUnits(aws, name) - before);
              };
      // not in the index: the table only
      write.accept(
          d ->
              d.putItem(
                      r ->
                          r.tableName(name)
                              .item(Map.of("pk", s("a"), "v", s("1")))
                              .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
                  .consumedCapacity());
      // into the index
      write.accept(
          d ->
              d.putItem(
                      r ->
                          r.tableName(name)
                              .item(Map.of("pk", s("b"), "day", s("d1")))
                              .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
                  .consumedCapacity());
      // a projected attribute changes
      write.accept(
          d ->
              d.updateItem(
                      r ->
                          r.tableName(name)
                              .key(Map.of("pk", s("b")))
                              .updateExpression("SET v = :v")
                              .expressionAttributeValues(Map.of(":v", s("2")))
                              .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
                  .consumedCapacity());
      // the index key changes: out of one entry, into another
      write.accept(
          d ->
              d.updateItem(
                      r ->
                          r.tableName(name)
                              .key(Map.of("pk", s("b")))
                              .updateExpression("SET #d = :d")
                              .expressionAttributeNames(Map.of("#d", "day"))
                              .expressionAttributeValues(Map.of(":d", s("d2")))
                              .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
                  .consumedCapacity());

      assertThat(computed).containsExactly(1.0, 2.0, 2.0, 3.0);
      if (!has(aws, Gap.CONSUMED_CAPACITY_PLACEHOLDER)) {
        assertThat(reported).isEqualTo(computed);
      }
    }
  }

  @Test
  void batchGetAnswersAtMostSixteenMegabytesAndReturnsTheRestUnprocessed(LocalAws aws) {
    try (DynamoDbClient dynamo = aws.clients().dynamoDb()) {
      createTable(dynamo);
      String filler = "x".repeat(380_000);
      List<Map<String, AttributeValue>> keys = new ArrayList<>();
      for (int i = 0; i < 48; i++) { // 48 items of 380 KB: about 18 MB
        Map<String, AttributeValue> key = Map.of("pk", s("item-" + i));
        keys.add(key);
        dynamo.putItem(r -> r.tableName(name).item(Map.of("pk", key.get("pk"), "v", s(filler))));
      }
      BatchGetItemResponse response =
          dynamo.batchGetItem(
              r ->
                  r.requestItems(
                      Map.of(
                          name,
                          KeysAndAttributes.builder().keys(keys).consistentRead(true).build())));

      int returned = response.responses().getOrDefault(name, List.of()).size();
      int unprocessed =
          Optional.ofNullable(response.unprocessedKeys().get(name))
              .map(k -> k.keys().size())
              .orElse(0);
      if (has(aws, Gap.BATCH_GET_UNLIMITED)) {
        assertThat(returned).isEqualTo(48);
      } else {
        assertThat(returned).isLessThan(48).isPositive();
        assertThat(returned + unprocessed).isEqualTo(48);
      }
    }
  }

  // --- Kinesis
  // --------------------------------------------------------------------------------------------

  @Test
  void kinesisSequenceNumbersAreIncreasingDecimalsAndIteratorsStartWhereAsked(LocalAws aws) {
    try (KinesisClient kinesis = aws.clients().kinesis()) {
      kinesis.createStream(b -> b.streamName(name).shardCount(1));
      kinesis.waiter().waitUntilStreamExists(b -> b.streamName(name));
      List<String> sequences = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        int n = i;
        sequences.add(
            kinesis
                .putRecord(
                    b ->
                        b.streamName(name).partitionKey("k").data(SdkBytes.fromUtf8String("r" + n)))
                .sequenceNumber());
      }
      if (has(aws, Gap.SEQUENCE_NUMBER_LEADING_ZEROS)) {
        assertThat(sequences).allMatch(s -> s.matches("0+[1-9]\\d*"));
      } else {
        assertThat(sequences).allMatch(s -> s.matches("0|([1-9]\\d{0,128})"));
      }
      assertThat(sequences).isSortedAccordingTo(io.adstream.stream.SourcePosition.SEQUENCE_ORDER);
      String shard = kinesis.listShards(b -> b.streamName(name)).shards().getFirst().shardId();

      assertThat(
              dataFrom(kinesis, shard, ShardIteratorType.AT_SEQUENCE_NUMBER, sequences.get(2), 10))
          .containsExactly("r2", "r3", "r4");
      assertThat(
              dataFrom(
                  kinesis, shard, ShardIteratorType.AFTER_SEQUENCE_NUMBER, sequences.get(2), 10))
          .containsExactly("r3", "r4");
      assertThat(dataFrom(kinesis, shard, ShardIteratorType.TRIM_HORIZON, null, 2))
          .containsExactly("r0", "r1");
    }
  }

  private List<String> dataFrom(
      KinesisClient kinesis, String shard, ShardIteratorType type, String sequence, int limit) {
    String iterator =
        kinesis
            .getShardIterator(
                b ->
                    b.streamName(name)
                        .shardId(shard)
                        .shardIteratorType(type)
                        .startingSequenceNumber(sequence))
            .shardIterator();
    GetRecordsResponse records = kinesis.getRecords(b -> b.shardIterator(iterator).limit(limit));
    assertThat(records.nextShardIterator()).isNotNull();
    assertThat(records.millisBehindLatest()).isNotNull();
    return records.records().stream().map(r -> r.data().asUtf8String()).toList();
  }

  // --- Firehose -> S3, SNS -> SQS
  // -------------------------------------------------------------------------

  @Test
  void firehoseLandsRecordsInS3ConcatenatedAsSent(LocalAws aws) throws InterruptedException {
    try (FirehoseClient firehose = aws.clients().firehose();
        S3Client s3 = aws.clients().s3()) {
      s3.createBucket(b -> b.bucket(name));
      firehose.createDeliveryStream(
          b ->
              b.deliveryStreamName(name)
                  .extendedS3DestinationConfiguration(
                      d ->
                          d.bucketARN("arn:aws:s3:::" + name)
                              .roleARN("arn:aws:iam::000000000000:role/firehose")
                              .prefix("lines/")
                              .bufferingHints(h -> h.intervalInSeconds(60).sizeInMBs(1))));
      awaitActive(firehose);
      var response =
          firehose.putRecordBatch(
              b ->
                  b.deliveryStreamName(name)
                      .records(
                          Record.builder().data(SdkBytes.fromUtf8String("a\n")).build(),
                          Record.builder().data(SdkBytes.fromUtf8String("b\n")).build()));
      assertThat(response.failedPutCount()).isZero();

      List<String> objects = landed(s3, Duration.ofSeconds(90));
      if (has(aws, Gap.FIREHOSE_OBJECT_PER_RECORD)) {
        assertThat(objects).containsExactlyInAnyOrder("a\n", "b\n");
      } else {
        assertThat(objects)
            .containsExactly("a\nb\n"); // one object, records in order, no delimiter added
      }
    }
  }

  /** The objects under lines/ once any has landed, each as text. */
  private List<String> landed(S3Client s3, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      var objects = s3.listObjectsV2(b -> b.bucket(name).prefix("lines/")).contents();
      if (!objects.isEmpty()) {
        return objects.stream()
            .map(o -> s3.getObjectAsBytes(b -> b.bucket(name).key(o.key())).asUtf8String())
            .toList();
      }
      Thread.sleep(200);
    }
    return List.of();
  }

  private void awaitActive(FirehoseClient firehose) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      if (firehose
              .describeDeliveryStream(b -> b.deliveryStreamName(name))
              .deliveryStreamDescription()
              .deliveryStreamStatus()
          == DeliveryStreamStatus.ACTIVE) {
        return;
      }
      Thread.sleep(100);
    }
  }

  @Test
  void snsDeliversToSqsOnlyWhatTheFilterPolicyMatches(LocalAws aws) {
    try (SnsClient sns = aws.clients().sns();
        SqsClient sqs = aws.clients().sqs()) {
      String topic = sns.createTopic(b -> b.name(name)).topicArn();
      String queue = sqs.createQueue(b -> b.queueName(name)).queueUrl();
      String queueArn =
          sqs.getQueueAttributes(
                  b -> b.queueUrl(queue).attributeNames(QueueAttributeName.QUEUE_ARN))
              .attributes()
              .get(QueueAttributeName.QUEUE_ARN);
      sns.subscribe(
          b ->
              b.topicArn(topic)
                  .protocol("sqs")
                  .endpoint(queueArn)
                  .attributes(
                      Map.of(
                          "RawMessageDelivery",
                          "true",
                          "FilterPolicy",
                          "{\"rule\":[{\"prefix\":\"budget_\"}],\"severity\":[\"HIGH\"]}")));
      publish(sns, topic, "budget_overrun", "HIGH");
      publish(sns, topic, "budget_pacing", "MEDIUM");
      publish(sns, topic, "click_flood", "HIGH");

      List<String> bodies = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        for (Message m :
            sqs.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1))
                .messages()) {
          bodies.add(m.body());
        }
      }
      assertThat(bodies).containsExactly("budget_overrun/HIGH");
    }
  }

  private static void publish(SnsClient sns, String topic, String rule, String severity) {
    sns.publish(
        b ->
            b.topicArn(topic)
                .message(rule + "/" + severity)
                .messageAttributes(
                    Map.of(
                        "rule",
                            MessageAttributeValue.builder()
                                .dataType("String")
                                .stringValue(rule)
                                .build(),
                        "severity",
                            MessageAttributeValue.builder()
                                .dataType("String")
                                .stringValue(severity)
                                .build())));
  }

  // --- helpers
  // --------------------------------------------------------------------------------------------

  private static double writeUnits(LocalAws aws, String table) {
    return Optional.ofNullable(aws.capacity().byTable().get(table))
        .map(units -> units.writeUnits())
        .orElse(0.0);
  }

  /** Puts the item and returns the write units the endpoint says it consumed. */
  private double putReportingUnits(DynamoDbClient dynamo, Map<String, AttributeValue> item) {
    return dynamo
        .putItem(
            r -> r.tableName(name).item(item).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
        .consumedCapacity()
        .capacityUnits();
  }

  private void createTable(DynamoDbClient dynamo) {
    dynamo.createTable(
        b ->
            b.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                    AttributeDefinition.builder()
                        .attributeName("pk")
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .keySchema(
                    KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(String value) {
    return AttributeValue.fromN(value);
  }
}
