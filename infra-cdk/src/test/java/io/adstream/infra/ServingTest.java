package io.adstream.infra;

import static io.adstream.infra.Resources.json;
import static io.adstream.infra.Resources.logicalId;
import static io.adstream.infra.Resources.ofType;
import static io.adstream.infra.Resources.properties;
import static io.adstream.infra.Resources.ref;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/** The read API, its sign-in and the dashboard's hosting, as synthesized. */
class ServingTest {
  private final Template template = Synth.defaultTemplate();

  @Test
  void theApiFunctionIsTheSameJarOnArm64WithSnapStartBehindItsAlias() {
    Map<String, Object> function =
        properties(template, "AWS::Lambda::Function", Map.of("FunctionName", "adstream-api"));
    assertThat(function)
        .containsEntry("Handler", "io.adstream.lambda.ApiHandler::handleRequest")
        .containsEntry("Architectures", List.of("arm64"))
        .containsEntry("Runtime", "java21")
        .containsEntry("SnapStart", Map.of("ApplyOn", "PublishedVersions"));
    assertThat(json(function.get("Code")))
        .isEqualTo(
            json(
                properties(
                        template,
                        "AWS::Lambda::Function",
                        Map.of("FunctionName", "adstream-processor"))
                    .get("Code")));
  }

  @Test
  void everyRouteNeedsACognitoAccessTokenWithTheReadScope() {
    Map<String, Map<String, Object>> routes = ofType(template, "AWS::ApiGatewayV2::Route");
    assertThat(
            routes.values().stream()
                .map(r -> (String) props(r).get("RouteKey"))
                .collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("GET /v1/{proxy+}", "HEAD /v1/{proxy+}");
    String authorizer =
        logicalId(template, "AWS::ApiGatewayV2::Authorizer", Map.of("AuthorizerType", "JWT"));
    assertThat(routes.values())
        .allSatisfy(
            route ->
                assertThat(props(route))
                    .containsEntry("AuthorizationType", "JWT")
                    .containsEntry("AuthorizerId", ref(authorizer))
                    .containsEntry("AuthorizationScopes", List.of(Serving.READ_SCOPE)));
    Map<String, Object> jwt =
        (Map<String, Object>)
            props(ofType(template, "AWS::ApiGatewayV2::Authorizer").get(authorizer))
                .get("JwtConfiguration");
    String users =
        logicalId(template, "AWS::Cognito::UserPool", Map.of("UserPoolName", "adstream-dashboard"));
    assertThat(json(jwt.get("Issuer"))).contains(users);
    assertThat((List<?>) jwt.get("Audience")).hasSize(2);
  }

  @Test
  void signInIsMfaForAdministratorCreatedUsersAndCodeFlowWithPkceForThePage() {
    assertThat(
            properties(
                template, "AWS::Cognito::UserPool", Map.of("UserPoolName", "adstream-dashboard")))
        .containsEntry("MfaConfiguration", "ON")
        .containsEntry("AdminCreateUserConfig", Map.of("AllowAdminCreateUserOnly", true));
    Map<String, Object> page =
        properties(
            template, "AWS::Cognito::UserPoolClient", Map.of("ClientName", "adstream-dashboard"));
    assertThat(page)
        .containsEntry("GenerateSecret", false)
        .containsEntry("AllowedOAuthFlows", List.of("code"));
    assertThat(json(page.get("CallbackURLs"))).contains("DomainName");
    assertThat(
            properties(
                template,
                "AWS::Cognito::UserPoolClient",
                Map.of("ClientName", "adstream-machines")))
        .containsEntry("GenerateSecret", true)
        .containsEntry("AllowedOAuthFlows", List.of("client_credentials"));
  }

  @Test
  void theApiRoleReadsOnlyWhatTheApiReads() {
    String role =
        logicalId(
            template,
            "AWS::IAM::Role",
            Map.of(
                "Description",
                "adstream read API: reads aggregates, features, alerts and campaigns; writes nothing"));
    List<String> actions =
        ofType(template, "AWS::IAM::Policy").values().stream()
            .filter(policy -> json(props(policy).get("Roles")).contains(role))
            .flatMap(
                policy ->
                    ((List<Map<String, Object>>)
                            ((Map<String, Object>) props(policy).get("PolicyDocument"))
                                .get("Statement"))
                        .stream())
            .flatMap(
                statement ->
                    statement.get("Action") instanceof List<?> list
                        ? list.stream().map(String.class::cast)
                        : java.util.stream.Stream.of((String) statement.get("Action")))
            .toList();
    assertThat(actions.stream().filter(a -> a.startsWith("dynamodb:")).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(
            "dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:Scan");
    assertThat(actions.stream().filter(a -> a.startsWith("kms:")).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("kms:Decrypt", "kms:DescribeKey");
  }

  @Test
  void theStageLogsEveryRequestAndThrottles() {
    Map<String, Object> stage =
        properties(template, "AWS::ApiGatewayV2::Stage", Map.of("StageName", "$default"));
    assertThat(json(stage.get("AccessLogSettings")))
        .contains("DestinationArn")
        .contains("$context.status");
    assertThat(stage)
        .containsEntry(
            "DefaultRouteSettings",
            Map.of("ThrottlingBurstLimit", 400, "ThrottlingRateLimit", 200));
    assertThat(
            json(
                properties(template, "AWS::ApiGatewayV2::Api", Map.of("Name", "adstream-api"))
                    .get("CorsConfiguration")))
        .contains("Authorization")
        .doesNotContain("\"*\"");
  }

  @Test
  void thePageIsPrivateInItsBucketAndServedOnlyThroughCloudFrontWithOriginAccessControl() {
    String distribution =
        ofType(template, "AWS::CloudFront::Distribution").keySet().iterator().next();
    Map<String, Object> config =
        (Map<String, Object>)
            props(ofType(template, "AWS::CloudFront::Distribution").get(distribution))
                .get("DistributionConfig");
    Map<String, Object> origin = ((List<Map<String, Object>>) config.get("Origins")).get(0);
    String oac =
        ofType(template, "AWS::CloudFront::OriginAccessControl").keySet().iterator().next();
    assertThat(origin.get("OriginAccessControlId"))
        .isEqualTo(Map.of("Fn::GetAtt", List.of(oac, "Id")));
    assertThat(json(config.get("DefaultCacheBehavior")))
        .contains("\"ViewerProtocolPolicy\":\"redirect-to-https\"");
    String site =
        json(origin.get("DomainName")).replaceAll(".*\"(ServingSite[A-Za-z0-9]+)\".*", "$1");
    Map<String, Object> bucket = props(ofType(template, "AWS::S3::Bucket").get(site));
    assertThat(bucket.get("PublicAccessBlockConfiguration"))
        .isEqualTo(
            Map.of(
                "BlockPublicAcls",
                true,
                "BlockPublicPolicy",
                true,
                "IgnorePublicAcls",
                true,
                "RestrictPublicBuckets",
                true));
    String policy =
        ofType(template, "AWS::S3::BucketPolicy").values().stream()
            .filter(p -> props(p).get("Bucket").equals(ref(site)))
            .map(p -> json(props(p).get("PolicyDocument")))
            .findFirst()
            .orElseThrow();
    assertThat(policy)
        .contains("cloudfront.amazonaws.com")
        .contains("AWS:SourceArn")
        .contains("aws:SecureTransport");
  }

  @Test
  void theDashboardConfigTellsThePageWhereTheApiAndSignInAre() {
    String config = json(template.findOutputs("DashboardConfig"));
    assertThat(config)
        .contains("apiBase")
        .contains("cognito")
        .contains("amazoncognito.com")
        .contains(Serving.READ_SCOPE);
    assertThat(template.findOutputs("DashboardBucket")).isNotEmpty();
    assertThat(template.findOutputs("ApiUrl")).isNotEmpty();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> props(Map<String, Object> resource) {
    return (Map<String, Object>) resource.get("Properties");
  }
}
