package io.adstream.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.adstream.aws.AwsClientFactory;
import io.adstream.config.AdstreamConfig;
import io.adstream.config.ProcessorEnvironment;
import io.adstream.observability.MetricsSink;
import io.adstream.processing.BatchProcessor;
import io.adstream.state.CapacityMeter;
import io.adstream.stream.SourceRecord;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The processor Lambda: Kinesis batch in, partial batch response out. It only wires; the work is in
 * {@link BatchProcessor}. On a record that could not be committed it reports that record alone, so
 * Kinesis checkpoints before it and nothing after it is applied out of order (guarantee 4
 * (docs/guarantees.md)).
 */
public final class ProcessorHandler implements RequestHandler<KinesisEvent, StreamsEventResponse> {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessorHandler.class);

  private final BatchProcessor processor;

  /** In Lambda: configuration and endpoints from the environment the CDK app set. */
  public ProcessorHandler() {
    this(AdstreamConfig.fromEnvironment(System.getenv()));
  }

  private ProcessorHandler(AdstreamConfig config) {
    this(
        AwsClientFactory.fromEnvironment(),
        config,
        ProcessorEnvironment.alertTopicArn(System.getenv()),
        new EmfMetricsSink(
            System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "adstream-processor"),
            config.capacity().writeUnitPriceUsd()));
  }

  /**
   * Locally: the emulator's clients, the provisioned alert topic, and metrics summed by the local
   * runner.
   */
  public ProcessorHandler(
      AwsClientFactory aws, AdstreamConfig config, String alertTopicArn, MetricsSink metrics) {
    this.processor =
        Processors.create(
            aws, config, alertTopicArn, metrics, new CapacityMeter(), Clock.systemUTC());
  }

  @Override
  public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
    List<SourceRecord> records = KinesisRecords.of(event);
    if (records.isEmpty()) {
      return new StreamsEventResponse();
    }
    SourceRecord first = records.get(0);
    MDC.put("shard_id", first.shardId());
    MDC.put("sequence_number", first.sequenceNumber());
    try {
      BatchProcessor.Report report = processor.process(records);
      if (report.firstFailedSequence().isEmpty()) {
        return new StreamsEventResponse();
      }
      String failedAt = report.firstFailedSequence().get();
      MDC.put("sequence_number", failedAt);
      LOG.warn(
          "batch of {} stops at a record that did not commit and will be retried: {}",
          records.size(),
          report.failure());
      return new StreamsEventResponse(List.of(new StreamsEventResponse.BatchItemFailure(failedAt)));
    } catch (RuntimeException e) {
      // the event source mapping retries (and bisects) the batch; committed records replay their
      // decisions
      LOG.error("batch of {} failed as a whole", records.size(), e);
      throw e;
    } finally {
      MDC.clear();
    }
  }
}
