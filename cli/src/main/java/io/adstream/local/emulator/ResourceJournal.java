package io.adstream.local.emulator;

import io.adstream.aws.AwsClientFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.firehose.model.CreateDeliveryStreamRequest;
import software.amazon.awssdk.services.kinesis.model.CreateStreamRequest;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretRequest;
import software.amazon.awssdk.services.sns.model.CreateTopicResponse;
import software.amazon.awssdk.services.sqs.model.CreateQueueResponse;

/**
 * Remembers every resource created through the clients it is attached to, so that a test run
 * against a long-lived endpoint (a shared emulator, LocalStack, real AWS) can delete what it made
 * and leave the endpoint as it found it. Only resources this process created are ever deleted.
 */
final class ResourceJournal implements ExecutionInterceptor {

  private enum Kind {
    DELIVERY_STREAM,
    BUCKET,
    STREAM,
    TABLE,
    TOPIC,
    QUEUE,
    SECRET
  }

  private record Created(Kind kind, String id) {}

  private final Set<Created> created = ConcurrentHashMap.newKeySet();

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    SdkRequest request = context.request();
    SdkResponse response = context.response();
    switch (request) {
      case CreateDeliveryStreamRequest r ->
          created.add(new Created(Kind.DELIVERY_STREAM, r.deliveryStreamName()));
      case CreateBucketRequest r -> created.add(new Created(Kind.BUCKET, r.bucket()));
      case CreateStreamRequest r -> created.add(new Created(Kind.STREAM, r.streamName()));
      case CreateTableRequest r -> created.add(new Created(Kind.TABLE, r.tableName()));
      case CreateSecretRequest r -> created.add(new Created(Kind.SECRET, r.name()));
      default -> {
        if (response instanceof CreateTopicResponse topic) {
          created.add(new Created(Kind.TOPIC, topic.topicArn()));
        } else if (response instanceof CreateQueueResponse queue) {
          created.add(new Created(Kind.QUEUE, queue.queueUrl()));
        }
      }
    }
  }

  /**
   * Deletes what was created, delivery streams before the buckets they write to; returns the
   * resources that could not be deleted, with the reason. Buckets are emptied first, every version
   * of every object.
   */
  List<String> deleteAll(AwsClientFactory clients) {
    List<String> failures = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      for (Created resource : List.copyOf(created)) {
        if (resource.kind() != kind) {
          continue;
        }
        try {
          delete(clients, resource);
          created.remove(resource);
        } catch (SdkException e) {
          failures.add(resource.kind() + " " + resource.id() + ": " + e.getMessage());
        }
      }
    }
    return failures;
  }

  private static void delete(AwsClientFactory clients, Created resource) {
    switch (resource.kind()) {
      case DELIVERY_STREAM ->
          with(
              clients.firehose(),
              f -> f.deleteDeliveryStream(b -> b.deliveryStreamName(resource.id())));
      case BUCKET ->
          with(
              clients.s3(),
              s3 -> {
                for (var page : s3.listObjectVersionsPaginator(b -> b.bucket(resource.id()))) {
                  List<ObjectIdentifier> objects = new ArrayList<>();
                  page.versions()
                      .forEach(
                          v ->
                              objects.add(
                                  ObjectIdentifier.builder()
                                      .key(v.key())
                                      .versionId(v.versionId())
                                      .build()));
                  page.deleteMarkers()
                      .forEach(
                          m ->
                              objects.add(
                                  ObjectIdentifier.builder()
                                      .key(m.key())
                                      .versionId(m.versionId())
                                      .build()));
                  for (int from = 0; from < objects.size(); from += 1_000) {
                    List<ObjectIdentifier> chunk =
                        objects.subList(from, Math.min(objects.size(), from + 1_000));
                    s3.deleteObjects(
                        b -> b.bucket(resource.id()).delete(d -> d.objects(chunk).quiet(true)));
                  }
                }
                s3.deleteBucket(b -> b.bucket(resource.id()));
              });
      case STREAM ->
          with(
              clients.kinesis(),
              k -> k.deleteStream(b -> b.streamName(resource.id()).enforceConsumerDeletion(true)));
      case TABLE -> with(clients.dynamoDb(), d -> d.deleteTable(b -> b.tableName(resource.id())));
      case TOPIC -> with(clients.sns(), s -> s.deleteTopic(b -> b.topicArn(resource.id())));
      case QUEUE -> with(clients.sqs(), q -> q.deleteQueue(b -> b.queueUrl(resource.id())));
      case SECRET ->
          with(
              clients.secretsManager(),
              s -> s.deleteSecret(b -> b.secretId(resource.id()).forceDeleteWithoutRecovery(true)));
    }
  }

  private static <C extends AutoCloseable> void with(C client, Consumer<C> action) {
    try (client) {
      action.accept(client);
    } catch (SdkException e) {
      throw e;
    } catch (Exception closing) {
      throw new EmulatorException("cannot close a client: " + closing.getMessage(), closing);
    }
  }
}
