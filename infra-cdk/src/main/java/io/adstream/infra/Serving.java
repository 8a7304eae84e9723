package io.adstream.infra;

import static io.adstream.infra.Compliance.suppression;

import io.adstream.config.AdstreamConfig;
import io.adstream.config.OperationsSettings;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnCondition;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpUserPoolAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CorsHttpMethod;
import software.amazon.awscdk.services.apigatewayv2.CorsPreflightOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.HeadersFrameOption;
import software.amazon.awscdk.services.cloudfront.HeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentSecurityPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentTypeOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersFrameOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersStrictTransportSecurity;
import software.amazon.awscdk.services.cloudfront.ResponseSecurityHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.SecurityPolicyProtocol;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.cognito.AccountRecovery;
import software.amazon.awscdk.services.cognito.AuthFlow;
import software.amazon.awscdk.services.cognito.CognitoDomainOptions;
import software.amazon.awscdk.services.cognito.Mfa;
import software.amazon.awscdk.services.cognito.MfaSecondFactor;
import software.amazon.awscdk.services.cognito.OAuthFlows;
import software.amazon.awscdk.services.cognito.OAuthScope;
import software.amazon.awscdk.services.cognito.OAuthSettings;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.ResourceServerScope;
import software.amazon.awscdk.services.cognito.SignInAliases;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.cognito.UserPoolClientIdentityProvider;
import software.amazon.awscdk.services.cognito.UserPoolDomain;
import software.amazon.awscdk.services.cognito.UserPoolResourceServer;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.CfnDelivery;
import software.amazon.awscdk.services.logs.CfnDeliveryDestination;
import software.amazon.awscdk.services.logs.CfnDeliverySource;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * The read API and the dashboard: the API Lambda (same jar as the processor) behind an HTTP API
 * whose every route needs a Cognito access token with the {@value #READ_SCOPE} scope, and the
 * dashboard page in its own bucket, served by CloudFront through origin access control.
 *
 * <p>Who gets a token: people sign in to the dashboard through the user pool's hosted UI
 * (authorization code with PKCE, MFA required, no self sign-up: an administrator creates the
 * users); models and bidders use the machine client's client-credentials grant. Nothing is
 * reachable anonymously: the page itself holds no data.
 */
final class Serving extends Construct {
  static final String HANDLER = "io.adstream.lambda.ApiHandler::handleRequest";
  static final String ALIAS = "live";
  static final String RESOURCE_SERVER = "adstream-api";
  static final String READ_SCOPE = RESOURCE_SERVER + "/read";

  /**
   * Old versions of the page's files are kept this long after a publish replaced them: time to roll
   * back.
   */
  static final int OLD_PAGE_VERSION_DAYS = 30;

  final Role role;
  final Function function;
  final Alias alias;
  final UserPool users;
  final UserPoolDomain signIn;
  final UserPoolClient dashboardClient;
  final UserPoolClient machineClient;
  final HttpApi api;
  final Bucket site;
  final Distribution distribution;

  /**
   * The page's config.json: API endpoint and sign-in settings (a stack output for the publish
   * script).
   */
  final String siteConfig;

  Serving(
      Construct scope,
      String id,
      AdstreamConfig config,
      Code code,
      StateTables state,
      DataLake lake,
      OperationalLogs logs) {
    super(scope, id);
    String name = config.names().apiFunction();
    role =
        JavaFunctions.role(
            this,
            "adstream read API: reads aggregates, features, alerts and campaigns; writes nothing");
    LogGroup logGroup = JavaFunctions.logGroup(this, logs, name, role);
    function =
        JavaFunctions.builder(
                this,
                config,
                name,
                "adstream read API: campaigns, metrics, features, alerts",
                HANDLER,
                code,
                role,
                logGroup)
            .memorySize(1024)
            .timeout(Duration.seconds(10))
            .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
            // the API's ceiling: a burst of reads cannot take the account's concurrency from the
            // processor
            .reservedConcurrentExecutions(config.operations().apiReservedConcurrency())
            .environment(JavaFunctions.environment(config, name, Map.of()))
            .build();
    alias =
        Alias.Builder.create(this, "Alias")
            .aliasName(ALIAS)
            .version(function.getCurrentVersion())
            .build();
    state.grantApiRead(role, config.names());

    site =
        Bucket.Builder.create(this, "Site")
            // CloudFront's origin access control reads SSE-S3 objects without a key policy
            .encryption(BucketEncryption.S3_MANAGED)
            .enforceSsl(true)
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
            .versioned(true)
            // every publish replaces the page's files: keep old versions long enough to roll back,
            // not forever
            .lifecycleRules(
                List.of(
                    LifecycleRule.builder()
                        .id("expire-old-page-versions")
                        .noncurrentVersionExpiration(Duration.days(OLD_PAGE_VERSION_DAYS))
                        .abortIncompleteMultipartUploadAfter(Duration.days(1))
                        .build()))
            .serverAccessLogsBucket(lake.accessLogs)
            .serverAccessLogsPrefix("dashboard/")
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();
    Distribution.Builder distributionBuilder =
        Distribution.Builder.create(this, "Distribution")
            .comment("adstream dashboard (" + config.prefix() + ")")
            .defaultRootObject("index.html")
            .defaultBehavior(
                BehaviorOptions.builder()
                    .origin(S3BucketOrigin.withOriginAccessControl(site))
                    .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                    .responseHeadersPolicy(headers(config))
                    .build());
    // CloudFront applies a minimum protocol only to a certificate of one's own; its default one
    // fixes it itself
    config
        .operations()
        .dashboardDomain()
        .ifPresent(
            domain ->
                distributionBuilder
                    .domainNames(List.of(domain.domainName()))
                    .certificate(
                        Certificate.fromCertificateArn(
                            this, "Certificate", domain.certificateArn()))
                    .minimumProtocolVersion(SecurityPolicyProtocol.TLS_V1_2_2021));
    distribution = distributionBuilder.build();
    String siteUrl =
        "https://"
            + config
                .operations()
                .dashboardDomain()
                .map(OperationsSettings.CustomDomain::domainName)
                .orElse(distribution.getDistributionDomainName());
    logDistributionRequests(config, logs);

    users =
        UserPool.Builder.create(this, "Users")
            .userPoolName(config.prefix() + "-dashboard")
            .selfSignUpEnabled(false)
            .signInAliases(SignInAliases.builder().email(true).build())
            .mfa(Mfa.REQUIRED)
            .mfaSecondFactor(MfaSecondFactor.builder().otp(true).sms(false).build())
            .passwordPolicy(
                PasswordPolicy.builder()
                    .minLength(14)
                    .requireDigits(true)
                    .requireLowercase(true)
                    .requireUppercase(true)
                    .requireSymbols(true)
                    .tempPasswordValidity(Duration.days(3))
                    .build())
            .accountRecovery(AccountRecovery.EMAIL_ONLY)
            .deletionProtection(true)
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();
    ResourceServerScope read =
        ResourceServerScope.Builder.create()
            .scopeName("read")
            .scopeDescription("Read campaigns, metrics, features and alerts")
            .build();
    UserPoolResourceServer resourceServer =
        users.addResourceServer(
            "Api",
            software.amazon.awscdk.services.cognito.UserPoolResourceServerOptions.builder()
                .identifier(RESOURCE_SERVER)
                .scopes(List.of(read))
                .build());
    signIn =
        users.addDomain(
            "SignIn",
            software.amazon.awscdk.services.cognito.UserPoolDomainOptions.builder()
                .cognitoDomain(
                    CognitoDomainOptions.builder()
                        .domainPrefix(config.prefix() + "-" + Aws.ACCOUNT_ID)
                        .build())
                .build());
    dashboardClient =
        users.addClient(
            "Dashboard",
            software.amazon.awscdk.services.cognito.UserPoolClientOptions.builder()
                .userPoolClientName(config.prefix() + "-dashboard")
                .generateSecret(false)
                .authFlows(AuthFlow.builder().build())
                .oAuth(
                    OAuthSettings.builder()
                        .flows(OAuthFlows.builder().authorizationCodeGrant(true).build())
                        .scopes(
                            List.of(
                                OAuthScope.OPENID, OAuthScope.resourceServer(resourceServer, read)))
                        .callbackUrls(List.of(siteUrl + "/"))
                        .logoutUrls(List.of(siteUrl + "/"))
                        .build())
                .supportedIdentityProviders(List.of(UserPoolClientIdentityProvider.COGNITO))
                .accessTokenValidity(Duration.hours(1))
                .idTokenValidity(Duration.hours(1))
                .refreshTokenValidity(Duration.hours(12))
                .preventUserExistenceErrors(true)
                .build());
    machineClient =
        users.addClient(
            "Machines",
            software.amazon.awscdk.services.cognito.UserPoolClientOptions.builder()
                .userPoolClientName(config.prefix() + "-machines")
                .generateSecret(true)
                .authFlows(AuthFlow.builder().build())
                .oAuth(
                    OAuthSettings.builder()
                        .flows(OAuthFlows.builder().clientCredentials(true).build())
                        .scopes(List.of(OAuthScope.resourceServer(resourceServer, read)))
                        .build())
                .accessTokenValidity(Duration.hours(1))
                .build());

    LogGroup accessLog = logs.createAudit(this, "AccessLogs", "/aws/apigateway/" + name);
    api =
        HttpApi.Builder.create(this, "Api")
            .apiName(name)
            .description("adstream read API for dashboards and models")
            .createDefaultStage(false)
            .defaultAuthorizer(
                HttpUserPoolAuthorizer.Builder.create("Cognito", users)
                    .userPoolClients(List.of(dashboardClient, machineClient))
                    .build())
            .defaultAuthorizationScopes(List.of(READ_SCOPE))
            .corsPreflight(
                CorsPreflightOptions.builder()
                    .allowOrigins(List.of(siteUrl))
                    .allowMethods(List.of(CorsHttpMethod.GET, CorsHttpMethod.HEAD))
                    .allowHeaders(List.of("Authorization", "If-None-Match"))
                    .exposeHeaders(List.of("ETag"))
                    .maxAge(Duration.hours(1))
                    .build())
            .build();
    api.addRoutes(
        AddRoutesOptions.builder()
            .path("/v1/{proxy+}")
            .methods(List.of(HttpMethod.GET, HttpMethod.HEAD))
            .integration(new HttpLambdaIntegration("Handler", alias))
            .build());
    HttpStage.Builder.create(this, "Stage")
        .httpApi(api)
        .stageName("$default")
        .autoDeploy(true)
        .throttle(ThrottleSettings.builder().rateLimit(200).burstLimit(400).build())
        .accessLogSettings(
            new software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings() {
              @Override
              public software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination
                  getDestination() {
                return new LogGroupLogDestination(accessLog);
              }

              @Override
              public AccessLogFormat getFormat() {
                // HTTP API context variables; the caller is the token's client, never a person's
                // data
                return AccessLogFormat.custom(
                    "{\"requestId\":\"$context.requestId\",\"time\":\"$context.requestTime\","
                        + "\"method\":\"$context.httpMethod\",\"path\":\"$context.path\",\"status\":\"$context.status\","
                        + "\"responseLength\":\"$context.responseLength\",\"latencyMs\":\"$context.responseLatency\","
                        + "\"integrationLatencyMs\":\"$context.integrationLatency\",\"clientId\":\"$context.authorizer.claims.client_id\","
                        + "\"authorizerError\":\"$context.authorizer.error\"}");
              }
            })
        .build();

    // What the page reads as config.json: published with the page by scripts/publish-dashboard.sh.
    // (A
    // BucketDeployment would publish it at deploy time, but its handler's role holds wildcard S3
    // actions.)
    siteConfig =
        Stack.of(this)
            .toJsonString(
                new TreeMap<>(
                    Map.of(
                        "apiBase",
                        api.getApiEndpoint(),
                        "auth",
                        new TreeMap<>(
                            Map.of(
                                "type", "cognito",
                                "domain",
                                    signIn.getDomainName()
                                        + ".auth."
                                        + Aws.REGION
                                        + ".amazoncognito.com",
                                "clientId", dashboardClient.getUserPoolClientId(),
                                "scope", "openid " + READ_SCOPE,
                                "redirectUri", siteUrl + "/")))));

    String singleRegion =
        "Single-region pipeline: objects are versioned in-region; cross-region replication is a disaster-recovery"
            + " decision outside this stack.";
    NagSuppressions.addResourceSuppressions(
        site,
        List.of(
            suppression(
                "PCI.DSS.321-S3DefaultEncryptionKMS",
                "Holds only the dashboard's code (HTML, JS, CSS), no data. SSE-S3 lets CloudFront's origin access control"
                    + " read it without a key policy granting CloudFront kms:Decrypt."),
            suppression("PCI.DSS.321-S3BucketReplicationEnabled", singleRegion)));
    NagSuppressions.addResourceSuppressions(
        distribution,
        List.of(
            suppression(
                "AwsSolutions-CFR1",
                "Campaign managers work from many countries; the page holds no data and the API requires a token."),
            suppression(
                "AwsSolutions-CFR2",
                "The distribution serves static page code only; the data API is behind Cognito tokens and stage"
                    + " throttling. A web ACL would add fixed monthly cost with nothing here to protect."),
            suppression(
                "AwsSolutions-CFR3",
                "Requests are logged through CloudFront standard logging v2 (AWS::Logs::Delivery into an audit log"
                    + " group), which this rule does not recognise; legacy logging would need an ACL-enabled bucket."),
            suppression(
                "AwsSolutions-CFR4",
                "Without operations.dashboardDomain the default CloudFront certificate applies, whose minimum protocol"
                    + " CloudFront fixes; with a domain of its own the distribution requires TLSv1.2_2021.")));
    NagSuppressions.addResourceSuppressions(
        users,
        List.of(
            suppression(
                "AwsSolutions-COG3",
                "Threat protection needs Cognito's Plus plan, billed per active user; the pool admits only users an"
                    + " administrator creates, with MFA required and a 14-character password policy.")));

    Compliance.allowInlinePolicy(role);
    JavaFunctions.suppressRuntimeAndVpc(
        function,
        "The API reaches only DynamoDB's regional endpoint over TLS with IAM auth; it is invoked by API Gateway,"
            + " not reachable from a network. A VPC would add NAT or endpoint cost and isolate nothing.");
    Annotations.of(function)
        .acknowledgeWarning(
            "@aws-cdk/aws-lambda:snapStartRequirePublish",
            "The live alias points at a published version (currentVersion).");
  }

  /**
   * CloudFront's access log (standard logging v2, which needs no ACL-enabled bucket) into an audit
   * log group. CloudFront delivers it only through us-east-1: in any other region the delivery is
   * left out (a condition), and the API stage's access log remains the record of every data
   * request.
   */
  private void logDistributionRequests(AdstreamConfig config, OperationalLogs logs) {
    CfnCondition inUsEast1 =
        CfnCondition.Builder.create(this, "InUsEast1")
            .expression(Fn.conditionEquals(Aws.REGION, "us-east-1"))
            .build();
    LogGroup requests =
        logs.createAudit(
            this,
            "DistributionLogs",
            "/aws/vendedlogs/cloudfront/" + config.prefix() + "-dashboard");
    CfnDeliverySource source =
        CfnDeliverySource.Builder.create(this, "DistributionLogSource")
            .name(config.prefix() + "-dashboard-requests")
            .logType("ACCESS_LOGS")
            .resourceArn(
                Stack.of(this)
                    .formatArn(
                        ArnComponents.builder()
                            .service("cloudfront")
                            .region("")
                            .resource("distribution")
                            .resourceName(distribution.getDistributionId())
                            .build()))
            .build();
    CfnDeliveryDestination destination =
        CfnDeliveryDestination.Builder.create(this, "DistributionLogDestination")
            .name(config.prefix() + "-dashboard-requests")
            .destinationResourceArn(requests.getLogGroupArn())
            .outputFormat("json")
            .build();
    CfnDelivery delivery =
        CfnDelivery.Builder.create(this, "DistributionLogDelivery")
            .deliverySourceName(source.getRef())
            .deliveryDestinationArn(destination.getAttrArn())
            .build();
    for (CfnResource resource :
        List.of(
            source, destination, delivery, (CfnResource) requests.getNode().getDefaultChild())) {
      resource.getCfnOptions().setCondition(inUsEast1);
    }
  }

  /**
   * Security headers on every page response; the page may only talk to its API and the sign-in
   * domain.
   */
  private ResponseHeadersPolicy headers(AdstreamConfig config) {
    return ResponseHeadersPolicy.Builder.create(this, "Headers")
        .responseHeadersPolicyName(config.prefix() + "-dashboard")
        .securityHeadersBehavior(
            ResponseSecurityHeadersBehavior.builder()
                .contentSecurityPolicy(
                    ResponseHeadersContentSecurityPolicy.builder()
                        .contentSecurityPolicy(
                            "default-src 'self'; style-src 'self' 'unsafe-inline';"
                                + " connect-src 'self' https://*.execute-api."
                                + Aws.REGION
                                + ".amazonaws.com https://*.amazoncognito.com;"
                                + " frame-ancestors 'none'")
                        .override(true)
                        .build())
                .strictTransportSecurity(
                    ResponseHeadersStrictTransportSecurity.builder()
                        .accessControlMaxAge(Duration.days(365))
                        .includeSubdomains(true)
                        .override(true)
                        .build())
                .contentTypeOptions(
                    ResponseHeadersContentTypeOptions.builder().override(true).build())
                .frameOptions(
                    ResponseHeadersFrameOptions.builder()
                        .frameOption(HeadersFrameOption.DENY)
                        .override(true)
                        .build())
                .referrerPolicy(
                    ResponseHeadersReferrerPolicy.builder()
                        .referrerPolicy(HeadersReferrerPolicy.NO_REFERRER)
                        .override(true)
                        .build())
                .build())
        .build();
  }
}
