package io.adstream.infra;

import static io.adstream.infra.Compliance.suppression;

import io.adstream.config.AdstreamConfig;
import io.adstream.config.ProcessorEnvironment;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The scheduled alert check: the same jar as the processor, another handler, invoked by an EventBridge
 * schedule at alerts.scheduledCheck.rate. It reads aggregates, budgets and the sources' activity and
 * publishes alerts; one run at a time, as a run that overlaps the next would only judge the same windows.
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
        Role.Builder.create(this, "Role")
            .description("adstream alert check: reads aggregates, budgets and source activity, publishes alerts")
            .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
            .build();
    logGroup = logs.create(this, "Logs", "/aws/lambda/" + name);
    logGroup.grantWrite(role);
    function =
        Function.Builder.create(this, "Function")
            .functionName(name)
            .description("adstream alert check: orphan clicks, budgets, anomalies, source silence")
            .runtime(Runtime.JAVA_21)
            .architecture(Architecture.ARM_64)
            .handler(HANDLER)
            .code(code)
            .memorySize(config.processor().memoryMb())
            .timeout(Duration.minutes(Math.min(rateMinutes, 15)))
            .reservedConcurrentExecutions(1)
            .role(role)
            .logGroup(logGroup)
            .environment(
                Map.of(
                    AdstreamConfig.ENVIRONMENT_VARIABLE, config.toJson(),
                    ProcessorEnvironment.ALERT_TOPIC_ARN, alerting.alertTopic.getTopicArn(),
                    "POWERTOOLS_SERVICE_NAME", name,
                    "POWERTOOLS_LOG_LEVEL", config.processor().logLevel()))
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
    NagSuppressions.addResourceSuppressions(
        function,
        List.of(
            suppression(
                "AwsSolutions-L1",
                "The project targets Java 21 (--release 21, DESIGN §2); moving to the java25 runtime moves the"
                    + " whole build."),
            suppression(
                "PCI.DSS.321-LambdaInsideVPC",
                "The alert check reaches only AWS regional APIs (DynamoDB, Kinesis, SNS) over TLS with IAM auth and"
                    + " serves no network endpoint. A VPC would add NAT or endpoint cost and isolate nothing.")));
  }
}
