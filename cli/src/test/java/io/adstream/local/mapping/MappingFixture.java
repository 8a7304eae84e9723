package io.adstream.local.mapping;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.adstream.aws.AwsClientFactory;
import io.adstream.aws.ProvisioningPlan;
import io.adstream.config.AdstreamConfig;
import io.adstream.config.ResourceNames;
import io.adstream.local.harness.KinesisLoader;
import io.adstream.local.harness.PartitionKeyFunction;
import io.adstream.local.harness.PutLog;
import io.adstream.local.provision.LocalProvisioner;
import io.adstream.stream.SourceRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A freshly provisioned stream and lake of its own for one test, and what the test needs around it.
 */
final class MappingFixture {

  final AwsClientFactory aws;
  final ProvisioningPlan plan;
  final List<SourceRecord> completed = new CopyOnWriteArrayList<>();
  private final ByteArrayOutputStream functionLog = new ByteArrayOutputStream();

  private MappingFixture(AwsClientFactory aws, ProvisioningPlan plan) {
    this.aws = aws;
    this.plan = plan;
  }

  /**
   * Provisions from the defaults with {@code overrides} (a JSON object's members) and a unique
   * prefix.
   */
  static MappingFixture provision(AwsClientFactory aws, String overrides) {
    String prefix = "m" + UUID.randomUUID().toString().substring(0, 8);
    String json =
        "{\"prefix\":\"" + prefix + "\"" + (overrides.isBlank() ? "" : "," + overrides) + "}";
    ProvisioningPlan plan = ProvisioningPlan.of(AdstreamConfig.withOverrides(json));
    new LocalProvisioner(aws).provision(plan);
    return new MappingFixture(aws, plan);
  }

  /**
   * Puts {@code count} lines {"n":i,"key":"k<i mod keys>"}, keyed by their "key": the keys spread
   * them over the shards. Returns them in put order.
   */
  List<String> putLines(int count, int keys) throws InterruptedException {
    List<String> lines =
        IntStream.range(0, count)
            .mapToObj(i -> "{\"n\":" + i + ",\"key\":\"k" + (i % keys) + "\"}")
            .toList();
    try (KinesisClient kinesis = aws.kinesis()) {
      new KinesisLoader(
              kinesis,
              plan.stream().name(),
              PartitionKeyFunction.jsonFields("key"),
              new PutLog(),
              5)
          .load(lines.stream().map(l -> l.getBytes(StandardCharsets.UTF_8)).iterator());
    }
    return lines;
  }

  EventSourceMapping.Builder mapping(RequestHandler<KinesisEvent, StreamsEventResponse> handler) {
    return EventSourceMapping.builder()
        .plan(plan)
        .clients(aws)
        .handler(() -> handler)
        .idlePollInterval(Duration.ofMillis(20))
        .functionLog(new PrintStream(functionLog, true, StandardCharsets.UTF_8))
        .onCompleted(completed::addAll);
  }

  /** Starts the mapping, waits until it has drained every shard, stops it. */
  MappingStats drain(EventSourceMapping.Builder builder) throws InterruptedException {
    try (EventSourceMapping mapping = builder.build().start()) {
      return mapping.awaitDrained(Duration.ofSeconds(60));
    }
  }

  List<String> completedLines() {
    return completed.stream().map(r -> new String(r.data(), StandardCharsets.UTF_8)).toList();
  }

  String functionLog() {
    return functionLog.toString(StandardCharsets.UTF_8);
  }

  /** Object keys and contents of everything parked in the lake. */
  List<Parked> parked() {
    try (S3Client s3 = aws.s3()) {
      return s3
          .listObjectsV2Paginator(
              b -> b.bucket(plan.lakeBucket()).prefix(ResourceNames.LAMBDA_ON_FAILURE_PREFIX))
          .contents()
          .stream()
          .map(
              object ->
                  new Parked(
                      object.key(),
                      ParkedBatch.parse(
                          s3.getObjectAsBytes(b -> b.bucket(plan.lakeBucket()).key(object.key()))
                              .asByteArray())))
          .toList();
    }
  }

  record Parked(String key, ParkedBatch batch) {
    List<String> lines() {
      return batch.records().stream()
          .map(r -> new String(r.data(), StandardCharsets.UTF_8))
          .toList();
    }
  }
}
