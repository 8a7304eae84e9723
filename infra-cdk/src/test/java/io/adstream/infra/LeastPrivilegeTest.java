package io.adstream.infra;

import static io.adstream.infra.Resources.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * Walks every policy in the template: the roles' own (identity) policies and the resource policies
 * of buckets, topics, queues, secrets and keys.
 */
class LeastPrivilegeTest {
  /** Where each policy-bearing resource type keeps its policy document(s). */
  private static final Map<String, String> RESOURCE_POLICY_PROPERTY =
      Map.of(
          "AWS::S3::BucketPolicy", "PolicyDocument",
          "AWS::SNS::TopicPolicy", "PolicyDocument",
          "AWS::SQS::QueuePolicy", "PolicyDocument",
          "AWS::SecretsManager::ResourcePolicy", "ResourcePolicy",
          "AWS::Kinesis::ResourcePolicy", "ResourcePolicy",
          "AWS::KMS::Key", "KeyPolicy");

  private static final Set<String> IDENTITY_POLICY_TYPES =
      Set.of("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy");

  @Test
  void noPolicyAllowsAWildcardAction() {
    for (Template template : List.of(Synth.defaultTemplate(), Configs.variantTemplate())) {
      assertThat(wildcardActions(template.toJSON())).isEmpty();
    }
  }

  /** X-Ray's write actions take no resource: the one statement on "*" a traced function holds. */
  private static final String XRAY_ACTIONS =
      "[\"xray:PutTelemetryRecords\",\"xray:PutTraceSegments\"]";

  @Test
  void noRoleMayActOnEveryResource() {
    assertThat(Configs.VARIANT.operations().tracing()).isTrue();
    for (Template template : List.of(Synth.defaultTemplate(), Configs.variantTemplate())) {
      assertThat(identityStatements(template.toJSON()))
          .isNotEmpty()
          .filteredOn(statement -> !XRAY_ACTIONS.equals(json(statement.get("Action"))))
          .allSatisfy(
              statement ->
                  assertThat(json(statement.get("Resource")))
                      .isNotEqualTo("\"*\"")
                      .doesNotContain("\"*\","));
    }
  }

  @Test
  void theWalkFindsAWildcardActionWhereverItHides() {
    Map<String, Object> template =
        Map.of(
            "Resources",
            Map.of(
                "Role",
                Map.of(
                    "Type",
                    "AWS::IAM::Role",
                    "Properties",
                    Map.of(
                        "Policies",
                        List.of(
                            Map.of(
                                "PolicyDocument",
                                document(allow(List.of("s3:GetObject", "s3:Delete*"))))))),
                "TopicPolicy",
                Map.of(
                    "Type",
                    "AWS::SNS::TopicPolicy",
                    "Properties",
                    Map.of("PolicyDocument", document(allow("sns:*")))),
                "Policy",
                Map.of(
                    "Type",
                    "AWS::IAM::Policy",
                    "Properties",
                    Map.of("PolicyDocument", document(allow("dynamodb:Get*")))),
                "Key",
                Map.of(
                    "Type",
                    "AWS::KMS::Key",
                    "Properties",
                    Map.of(
                        "KeyPolicy",
                        Map.of(
                            "Statement",
                            List.of(
                                keyStatement(Map.of("AWS", ACCOUNT_ROOT), "kms:*"),
                                keyStatement(
                                    Map.of("Service", "logs.amazonaws.com"),
                                    "kms:GenerateDataKey*")))))));

    assertThat(wildcardActions(template))
        .containsExactlyInAnyOrder(
            "Role: s3:Delete*",
            "TopicPolicy: sns:*",
            "Policy: dynamodb:Get*",
            "Key: kms:GenerateDataKey*");
  }

  /** "logicalId: action" for every Allow statement with a wildcard in an action. */
  static List<String> wildcardActions(Map<String, Object> template) {
    List<String> found = new ArrayList<>();
    resources(template)
        .forEach(
            (logicalId, resource) ->
                statements(resource).stream()
                    .filter(statement -> "Allow".equals(statement.get("Effect")))
                    .filter(statement -> !isKeyDelegatedToTheAccount(resource, statement))
                    .flatMap(statement -> actions(statement).stream())
                    .filter(action -> action.contains("*"))
                    .forEach(action -> found.add(logicalId + ": " + action)));
    return found;
  }

  /**
   * A key policy statement whose principal is the account itself delegates the key to the account's
   * IAM policies: "kms:*" so that the key can be administered at all, and (for the PII secret's
   * key) use through Secrets Manager. It grants nothing to any role by itself; the identity
   * policies walked here decide.
   */
  private static boolean isKeyDelegatedToTheAccount(
      Map<String, Object> resource, Map<String, Object> statement) {
    return "AWS::KMS::Key".equals(resource.get("Type"))
        && json(statement.get("Principal")).endsWith(":root\"]]}}");
  }

  private static List<Map<String, Object>> identityStatements(Map<String, Object> template) {
    return resources(template).values().stream()
        .filter(
            resource ->
                IDENTITY_POLICY_TYPES.contains(resource.get("Type"))
                    || "AWS::IAM::Role".equals(resource.get("Type")))
        .flatMap(resource -> statements(resource).stream())
        .toList();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> statements(Map<String, Object> resource) {
    String type = (String) resource.get("Type");
    Map<String, Object> properties =
        (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
    List<Object> documents = new ArrayList<>();
    if (IDENTITY_POLICY_TYPES.contains(type)) {
      documents.add(properties.get("PolicyDocument"));
    } else if ("AWS::IAM::Role".equals(type)) {
      ((List<Map<String, Object>>) properties.getOrDefault("Policies", List.of()))
          .forEach(policy -> documents.add(policy.get("PolicyDocument")));
    } else if (RESOURCE_POLICY_PROPERTY.containsKey(type)) {
      documents.add(properties.get(RESOURCE_POLICY_PROPERTY.get(type)));
    }
    return documents.stream()
        .map(document -> (Map<String, Object>) document)
        .flatMap(document -> asList(document.get("Statement")).stream())
        .map(statement -> (Map<String, Object>) statement)
        .toList();
  }

  private static List<String> actions(Map<String, Object> statement) {
    return asList(statement.get("Action")).stream().map(String.class::cast).toList();
  }

  @SuppressWarnings("unchecked")
  private static List<Object> asList(Object value) {
    return value instanceof List<?> list ? (List<Object>) list : List.of(value);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> resources(Map<String, Object> template) {
    return (Map<String, Map<String, Object>>) template.get("Resources");
  }

  /** How CDK writes the account's root principal. */
  private static final Map<String, Object> ACCOUNT_ROOT =
      Map.of(
          "Fn::Join",
          List.of(
              "",
              List.of(
                  "arn:",
                  Map.of("Ref", "AWS::Partition"),
                  ":iam::",
                  Map.of("Ref", "AWS::AccountId"),
                  ":root")));

  private static Map<String, Object> keyStatement(Map<String, Object> principal, String action) {
    return Map.of("Effect", "Allow", "Principal", principal, "Action", action, "Resource", "*");
  }

  private static Map<String, Object> document(Map<String, Object> statement) {
    return Map.of("Version", "2012-10-17", "Statement", List.of(statement));
  }

  private static Map<String, Object> allow(Object actions) {
    return Map.of("Effect", "Allow", "Action", actions, "Resource", "arn:aws:s3:::bucket");
  }
}
