package io.adstream.infra;

import io.adstream.config.AdstreamConfig;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.DestinationConfig;
import software.amazon.awscdk.services.lambda.DestinationOptions;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IDestination;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * Where a scheduled run that failed is kept: the on-failure destination of the alert check and the
 * reconcile function. Lambda invokes them asynchronously (from EventBridge); without a destination
 * a failed run would be retried twice and then forgotten. Here each is retried never, and a failed
 * run lands in this queue with its event, the error and the request id, where the failed-runs alarm
 * sees it and an operator can re-run it.
 */
final class FailedRuns extends Construct {
  /** SQS's longest retention: a failure found after a long weekend is still there. */
  static final Duration RETENTION = Duration.days(14);

  final Key key;
  final Queue queue;

  FailedRuns(Construct scope, String id, AdstreamConfig config) {
    super(scope, id);
    key = Keys.create(this, "Key", "adstream failed scheduled runs");
    queue =
        Queue.Builder.create(this, "Queue")
            .queueName(config.prefix() + "-failed-runs")
            .encryption(QueueEncryption.KMS)
            .encryptionMasterKey(key)
            .enforceSsl(true)
            .retentionPeriod(RETENTION)
            .build();
    Compliance.isItsOwnDeadLetterQueue(queue);
  }

  /**
   * No retry (a scheduled run is re-run by the next schedule or by hand, never silently twice),
   * events older than {@code maxEventAge} dropped to the queue rather than run late, and every
   * failure kept in the queue.
   */
  void keepFailuresOf(Function function, Duration maxEventAge) {
    function.configureAsyncInvoke(
        EventInvokeConfigOptions.builder()
            .retryAttempts(0)
            .maxEventAge(maxEventAge)
            .onFailure(new QueueOfFailures(this))
            .build());
  }

  /**
   * The queue as on-failure destination, granting the function only what sending there needs (the
   * L2 SqsDestination grants kms:GenerateDataKey* and kms:ReEncrypt* on the key too).
   */
  private record QueueOfFailures(FailedRuns runs) implements IDestination {
    @Override
    public DestinationConfig bind(Construct scope, IFunction fn) {
      return bind(scope, fn, null);
    }

    @Override
    public DestinationConfig bind(Construct scope, IFunction fn, DestinationOptions options) {
      Permissions.allow(fn, List.of("sqs:SendMessage"), List.of(runs.queue.getQueueArn()));
      Permissions.allowKeyUse(fn, runs.key, "sqs", List.of("kms:GenerateDataKey", "kms:Decrypt"));
      return DestinationConfig.builder().destination(runs.queue.getQueueArn()).build();
    }
  }
}
