package io.adstream.infra;

import static io.adstream.infra.Configs.DEFAULTS;
import static io.adstream.infra.Resources.arnOf;
import static io.adstream.infra.Resources.json;
import static io.adstream.infra.Resources.logicalId;
import static io.adstream.infra.Resources.ofType;
import static io.adstream.infra.Resources.properties;
import static org.assertj.core.api.Assertions.assertThat;

import io.adstream.config.AdstreamConfig;
import io.adstream.config.ProcessorEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * The scheduled alert check: the processor's jar, another handler, on an EventBridge schedule at
 * the configured rate.
 */
class AlertCheckTest {
  private static final AdstreamConfig EVERY_FIVE_MINUTES =
      AdstreamConfig.withOverrides(
          "{\"prefix\":\"adstream-five\",\"alerts\":{\"scheduledCheck\":{\"rate\":\"PT5M\"}}}");

  @Test
  void theCheckRunsTheAlertCheckHandlerOnArmOneAtATime() {
    Map<String, Object> function =
        properties(
            Synth.defaultTemplate(),
            "AWS::Lambda::Function",
            Map.of("FunctionName", "adstream-alert-check"));
    assertThat(function)
        .containsEntry("Handler", "io.adstream.lambda.AlertCheckHandler::handleRequest")
        .containsEntry("Architectures", List.of("arm64"))
        .containsEntry("Runtime", "java21")
        .containsEntry("ReservedConcurrentExecutions", 1)
        .containsEntry("Timeout", 60);
    assertThat(json(function.get("Environment")))
        .contains(ProcessorEnvironment.ALERT_TOPIC_ARN)
        .contains(AdstreamConfig.ENVIRONMENT_VARIABLE);
  }

  @Test
  void theScheduleFollowsTheConfiguredRateAndTargetsTheCheck() {
    assertSchedule(Synth.defaultTemplate(), DEFAULTS, "rate(1 minute)");
    assertSchedule(Synth.template(EVERY_FIVE_MINUTES), EVERY_FIVE_MINUTES, "rate(5 minutes)");
  }

  @Test
  void theCheckMayReadAggregatesBudgetsAndSourcesAndClaimAlertsButNothingElse() {
    Template template = Synth.defaultTemplate();
    Map<?, ?> roleArn =
        (Map<?, ?>)
            properties(
                    template,
                    "AWS::Lambda::Function",
                    Map.of("FunctionName", "adstream-alert-check"))
                .get("Role");
    String role = (String) ((List<?>) roleArn.get("Fn::GetAtt")).get(0);
    List<Object> documents = new ArrayList<>();
    Map<?, ?> roleProperties =
        (Map<?, ?>) Resources.resources(template).get(role).get("Properties");
    Object inline = roleProperties.get("Policies");
    if (inline instanceof List<?> policies) {
      policies.forEach(p -> documents.add(((Map<?, ?>) p).get("PolicyDocument")));
    }
    ofType(template, "AWS::IAM::Policy").values().stream()
        .map(policy -> (Map<?, ?>) policy.get("Properties"))
        .filter(policy -> json(policy.get("Roles")).contains(json(Resources.ref(role))))
        .forEach(policy -> documents.add(policy.get("PolicyDocument")));
    TreeSet<String> actions = new TreeSet<>();
    List<String> resources = new ArrayList<>();
    documents.stream()
        .flatMap(document -> ((List<?>) ((Map<?, ?>) document).get("Statement")).stream())
        .map(statement -> (Map<?, ?>) statement)
        .forEach(
            statement -> {
              Object action = statement.get("Action");
              if (action instanceof List<?> list) {
                list.forEach(a -> actions.add((String) a));
              } else {
                actions.add((String) action);
              }
              resources.add(json(statement.get("Resource")));
            });
    assertThat(actions)
        .containsExactlyInAnyOrder(
            "dynamodb:Query",
            "dynamodb:BatchGetItem",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
            "kinesis:ListShards",
            "sns:Publish",
            // a failed run goes to the failed-runs queue, encrypted with its key
            "sqs:SendMessage",
            "kms:Decrypt",
            "kms:Encrypt",
            "kms:GenerateDataKey",
            "kms:DescribeKey",
            "logs:CreateLogStream",
            "logs:PutLogEvents");
    assertThat(resources).noneMatch(resource -> resource.equals("\"*\""));
  }

  private static void assertSchedule(Template template, AdstreamConfig config, String rate) {
    String function =
        logicalId(
            template,
            "AWS::Lambda::Function",
            Map.of("FunctionName", config.names().alertCheckFunction()));
    Map<String, Object> rule =
        properties(
            template, "AWS::Events::Rule", Map.of("Name", config.names().alertCheckSchedule()));
    assertThat(rule).containsEntry("ScheduleExpression", rate).containsEntry("State", "ENABLED");
    assertThat(json(rule.get("Targets"))).contains(json(arnOf(function)));
  }
}
