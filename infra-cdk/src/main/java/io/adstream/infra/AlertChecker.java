package io.adstream.infra;

import io.adstream.config.AdstreamConfig;
import io.adstream.config.ProcessorEnvironment;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The scheduled alert check: the same jar as the processor, another handler, invoked by an
 * EventBridge schedule at alerts.scheduledCheck.rate. It reads aggregates, budgets and the sources'
 * activity and publishes alerts; one run at a time, as a run that overlaps the next would only
 * judge the same windows.
 */
final class AlertChecker extends Construct {
  static final String HANDLER = "io.adstream.lambda.AlertCheckHandler::handleRequest";

  final Role role;
  final LogGroup logGroup;
  final Function function;
  final Rule schedule;

  AlertChecker(
      Construct scope,
      String id,
      AdstreamConfig config,
      Code code,
      EventStream events,
      StateTables state,
      Alerting alerting,
      OperationalLogs logs) {
    super(scope, id);
    String name = config.names().alertCheckFunction();
    long rateMinutes = config.alerts().scheduledCheck().rate().toMinutes();
    role =
        JavaFunctions.role(
            this,
            "adstream alert check: reads aggregates, budgets and source activity, publishes alerts");
    logGroup = JavaFunctions.logGroup(this, logs, name, role);
    function =
        JavaFunctions.builder(
                this,
                config,
                name,
                "adstream alert check: orphan clicks, budgets, anomalies, source silence",
                HANDLER,
                code,
                role,
                logGroup)
            .memorySize(config.processor().memoryMb())
            .timeout(Duration.minutes(Math.min(rateMinutes, 15)))
            .reservedConcurrentExecutions(1)
            .environment(
                JavaFunctions.environment(
                    config,
                    name,
                    Map.of(
                        ProcessorEnvironment.ALERT_TOPIC_ARN, alerting.alertTopic.getTopicArn())))
            .build();

    state.grantAlertCheckAccess(role, config.names());
    events.grantListShards(role);
    alerting.grantPublishAlerts(role);

    schedule =
        Rule.Builder.create(this, "Schedule")
            .ruleName(config.names().alertCheckSchedule())
            .description("adstream: run the scheduled alert check")
            .schedule(Schedule.rate(Duration.minutes(rateMinutes)))
            .targets(List.of(LambdaFunction.Builder.create(function).retryAttempts(0).build()))
            .build();

    Compliance.allowInlinePolicy(role);
    JavaFunctions.suppressRuntimeAndVpc(
        function,
        "The alert check reaches only AWS regional APIs (DynamoDB, Kinesis, SNS) over TLS with IAM auth and serves"
            + " no network endpoint. A VPC would add NAT or endpoint cost and isolate nothing.");
  }
}
