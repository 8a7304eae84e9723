package io.adstream.infra;

import io.adstream.config.AdstreamConfig;
import io.adstream.config.ProcessorEnvironment;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.lambda.Code;
import software.constructs.Construct;

/**
 * Everything adstream runs on in one account and region: the stream, the processor, its state, the
 * lake, the topics and the dashboard. The stack names no account or region, so it synthesizes
 * offline.
 */
public final class AdstreamStack extends Stack {
  static final Duration RECONCILE_MAX_EVENT_AGE = Duration.hours(1);

  final EventStream events;
  final StateTables state;
  final DataLake lake;
  final Landing landing;
  final PiiKey piiKey;
  final Alerting alerting;
  final Processor processor;
  final AlertChecker alertChecker;
  final Observability observability;
  final Reconciliation reconciliation;
  final Serving serving;
  final FailedRuns failedRuns;

  AdstreamStack(Construct scope, AdstreamConfig config, Code processorCode) {
    super(
        scope,
        config.prefix(),
        StackProps.builder()
            .description("adstream: real-time AdTech event pipeline (" + config.prefix() + ")")
            .build());
    OperationalLogs logs = new OperationalLogs(this, "Logs", config);
    events = new EventStream(this, "Events", config);
    state = new StateTables(this, "State", config);
    lake = new DataLake(this, "Lake", config);
    landing = new Landing(this, "Landing", config, processorCode, lake, logs);
    piiKey = new PiiKey(this, "PiiKey", config);
    alerting = new Alerting(this, "Alerting", config);
    processor = new Processor(this, "Processor", config, processorCode, events, lake, logs);
    state.grantProcessorAccess(processor.role);
    landing.grantPutRecordBatch(processor.role);
    alerting.grantPublishAlerts(processor.role);
    processor.function.addEnvironment(
        ProcessorEnvironment.ALERT_TOPIC_ARN, alerting.alertTopic.getTopicArn());
    piiKey.grantRead(processor.role);
    alertChecker =
        new AlertChecker(this, "AlertCheck", config, processorCode, events, state, alerting, logs);
    reconciliation =
        new Reconciliation(
            this, "Reconciliation", config, processorCode, state, lake, alerting, logs);
    serving = new Serving(this, "Serving", config, processorCode, state, lake, logs);
    failedRuns = keepFailedRuns(config);
    observability =
        new Observability(
            this,
            "Observability",
            config,
            events,
            state,
            processor,
            landing,
            alerting,
            alertChecker,
            reconciliation,
            serving,
            failedRuns);
    Validations.of(this)
        .acknowledge(
            Acknowledgment.builder()
                .id("CloudFormation-Validate::W7001")
                .reason(
                    "The Firehose L2 adds its region-to-CIDR mapping to every stack with a delivery stream; only"
                        + " destinations inside a VPC read it.")
                .build());

    CfnOutput.Builder.create(this, "FailedRunsQueueUrl")
        .value(failedRuns.queue.getQueueUrl())
        .description(
            "failed alert-check and reconcile runs, with their event and error (docs/operations.md)")
        .build();
    CfnOutput.Builder.create(this, "StreamName")
        .value(events.stream.getStreamName())
        .description(
            "Producers put events here: kinesis:PutRecords, and kms:GenerateDataKey on StreamKeyArn")
        .build();
    CfnOutput.Builder.create(this, "StreamKeyArn").value(events.key.getKeyArn()).build();
    CfnOutput.Builder.create(this, "LakeBucket").value(lake.bucket.getBucketName()).build();
    CfnOutput.Builder.create(this, "AlertTopicArn")
        .value(alerting.alertTopic.getTopicArn())
        .build();
    CfnOutput.Builder.create(this, "DashboardUrl")
        .value("https://" + serving.distribution.getDistributionDomainName() + "/")
        .build();
    CfnOutput.Builder.create(this, "ApiUrl")
        .value(serving.api.getApiEndpoint())
        .description(
            "GET /v1/...: send a Cognito access token with scope "
                + Serving.READ_SCOPE
                + " as a Bearer token")
        .build();
    CfnOutput.Builder.create(this, "DashboardBucket").value(serving.site.getBucketName()).build();
    CfnOutput.Builder.create(this, "DashboardDistributionId")
        .value(serving.distribution.getDistributionId())
        .build();
    CfnOutput.Builder.create(this, "DashboardConfig")
        .value(serving.siteConfig)
        .description(
            "the dashboard's config.json; scripts/publish-dashboard.sh uploads it with the page")
        .build();
    CfnOutput.Builder.create(this, "UserPoolId").value(serving.users.getUserPoolId()).build();
    CfnOutput.Builder.create(this, "MachineClientId")
        .value(serving.machineClient.getUserPoolClientId())
        .description(
            "client-credentials client for models and bidders; its secret is in the Cognito console")
        .build();
    CfnOutput.Builder.create(this, "TokenEndpoint")
        .value(
            "https://"
                + serving.signIn.getDomainName()
                + ".auth."
                + software.amazon.awscdk.Aws.REGION
                + ".amazoncognito.com/oauth2/token")
        .build();
  }

  /**
   * The scheduled functions' asynchronous invocations: no silent retry, and a failed run kept. An
   * alert check older than its interval is superseded by the next run; a reconcile waits at most an
   * hour.
   */
  private FailedRuns keepFailedRuns(AdstreamConfig config) {
    FailedRuns runs = new FailedRuns(this, "FailedRuns", config);
    runs.keepFailuresOf(
        alertChecker.function,
        Duration.minutes(config.alerts().scheduledCheck().rate().toMinutes()));
    runs.keepFailuresOf(reconciliation.function, RECONCILE_MAX_EVENT_AGE);
    return runs;
  }
}
