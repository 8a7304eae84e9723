package io.adstream.infra;

import static io.adstream.infra.Compliance.suppression;

import io.adstream.config.AdstreamConfig;
import io.adstream.config.ReconcileSettings;
import io.adstream.observability.MetricNames;
import io.adstream.reconcile.aws.DailyReconciliation;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The scheduled shadow-run check: an EventBridge schedule invokes the reconcile Lambda (same jar as
 * the processor), which compares the previous day of the batch job's table with the aggregates,
 * writes its reports to the lake and publishes the drift through EMF; alarms on drift and on failed
 * runs notify ops.
 */
final class Reconciliation extends Construct {
  static final String HANDLER = "io.adstream.lambda.ReconcileHandler::handleRequest";
  static final int MEMORY_MB = 1024;
  static final Duration TIMEOUT = Duration.minutes(5);

  final Role role;
  final LogGroup logGroup;
  final Function function;
  final Rule schedule;
  final Alarm driftAlarm;
  final Alarm failureAlarm;

  Reconciliation(
      Construct scope,
      String id,
      AdstreamConfig config,
      Code code,
      StateTables state,
      DataLake lake,
      Alerting alerting,
      OperationalLogs logs) {
    super(scope, id);
    String name = config.names().reconcileFunction();
    ReconcileSettings settings = config.reconcile();
    DailyReconciliation.requireReadable(settings.batchTable());
    role =
        JavaFunctions.role(
            this,
            "adstream reconcile: reads the batch table and the aggregates, writes its reports");
    logGroup = JavaFunctions.logGroup(this, logs, name, role);
    function =
        JavaFunctions.builder(
                this,
                config,
                name,
                "adstream reconcile: the batch job's daily table against the streaming aggregates",
                HANDLER,
                code,
                role,
                logGroup)
            .memorySize(MEMORY_MB)
            .timeout(TIMEOUT)
            // one run a day: two overlapping runs could only write the same reports
            .reservedConcurrentExecutions(1)
            .environment(
                JavaFunctions.environment(
                    config,
                    name,
                    Map.of(ReconcileSettings.LAKE_BUCKET_VARIABLE, lake.bucket.getBucketName())))
            .build();

    grantAccess(config, state, lake);
    schedule =
        Rule.Builder.create(this, "Schedule")
            .ruleName(config.names().reconcileSchedule())
            .description("adstream: reconcile the previous UTC day with the batch job")
            .schedule(Schedule.expression(settings.schedule()))
            .targets(List.of(LambdaFunction.Builder.create(function).retryAttempts(2).build()))
            .build();

    SnsAction notifyOps = new SnsAction(alerting.opsTopic);
    driftAlarm =
        Alarm.Builder.create(this, "DriftAlarm")
            .alarmName(name + "-drift")
            .alarmDescription(
                "Campaigns whose streaming totals are outside tolerance of the batch job's (adstream reconcile;"
                    + " reports under s3://<lake>/"
                    + DailyReconciliation.REPORTS_PREFIX
                    + ")")
            .metric(
                Metric.Builder.create()
                    .namespace(MetricNames.NAMESPACE)
                    .metricName(MetricNames.RECONCILIATION_DRIFT)
                    .dimensionsMap(Map.of(MetricNames.DIM_FUNCTION, name))
                    .statistic("Maximum")
                    .period(Duration.days(1))
                    .build())
            .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
            .threshold(0)
            .evaluationPeriods(1)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build();
    failureAlarm =
        Alarm.Builder.create(this, "FailureAlarm")
            .alarmName(name + "-failed")
            .alarmDescription(
                "The scheduled reconciliation failed (e.g. no batch table for the day): the shadow run went unchecked")
            .metric(
                function.metricErrors(
                    software.amazon.awscdk.services.cloudwatch.MetricOptions.builder()
                        .period(Duration.days(1))
                        .statistic("Sum")
                        .build()))
            .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
            .threshold(0)
            .evaluationPeriods(1)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build();
    for (Alarm alarm : List.of(driftAlarm, failureAlarm)) {
      alarm.addAlarmAction(notifyOps);
      alarm.addOkAction(notifyOps);
    }

    Compliance.allowInlinePolicy(role);
    JavaFunctions.suppressRuntimeAndVpc(
        function,
        "The reconcile function reaches only AWS regional APIs (S3, DynamoDB) over TLS with IAM auth and serves no"
            + " network endpoint.");
  }

  /**
   * Query the aggregates; read the batch table's prefix; write reports under reconcile/. Nothing
   * else.
   */
  private void grantAccess(AdstreamConfig config, StateTables state, DataLake lake) {
    String aggregatesArn =
        state.tables.stream()
            .filter(t -> t.getNode().getId().equals(config.names().aggregatesTable()))
            .findFirst()
            .orElseThrow()
            .getTableArn();
    Permissions.allow(role, StateTables.AGGREGATE_READS, List.of(aggregatesArn));
    Permissions.allowKeyUse(role, state.key, "dynamodb", List.of("kms:Decrypt"));
    String tablePrefix = config.reconcile().batchTable().staticPrefix();
    Permissions.allow(
        role,
        List.of("s3:PutObject"),
        List.of(lake.bucket.arnForObjects(DailyReconciliation.REPORTS_PREFIX + "*")));
    if (config.reconcile().batchTable().bucket().isEmpty()) {
      Permissions.allow(
          role, List.of("s3:GetObject"), List.of(lake.bucket.arnForObjects(tablePrefix + "*")));
      Permissions.allow(role, List.of("s3:ListBucket"), List.of(lake.bucket.getBucketArn()));
      Permissions.allowKeyUse(role, lake.key, "s3", List.of("kms:Decrypt", "kms:GenerateDataKey"));
      NagSuppressions.addResourceSuppressions(
          role,
          List.of(
              Compliance.objectsUnderPrefix(
                  lake.bucket, List.of(tablePrefix, DailyReconciliation.REPORTS_PREFIX))),
          true);
    } else {
      String bucketArn =
          "arn:"
              + software.amazon.awscdk.Aws.PARTITION
              + ":s3:::"
              + config.reconcile().batchTable().bucket().get();
      Permissions.allow(
          role, List.of("s3:GetObject"), List.of(bucketArn + "/" + tablePrefix + "*"));
      Permissions.allow(role, List.of("s3:ListBucket"), List.of(bucketArn));
      Permissions.allowKeyUse(role, lake.key, "s3", List.of("kms:GenerateDataKey"));
      NagSuppressions.addResourceSuppressions(
          role,
          List.of(
              Compliance.objectsUnderPrefix(
                  lake.bucket, List.of(DailyReconciliation.REPORTS_PREFIX)),
              suppression(
                  "AwsSolutions-IAM5",
                  "The batch job names its objects; the grant is its table's key prefix.",
                  List.of(
                      "Resource::arn:<AWS::Partition>:s3:::"
                          + config.reconcile().batchTable().bucket().get()
                          + "/"
                          + tablePrefix
                          + "*"))),
          true);
    }
  }
}
