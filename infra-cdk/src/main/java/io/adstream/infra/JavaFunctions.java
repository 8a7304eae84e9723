package io.adstream.infra;

import static io.adstream.infra.Compliance.suppression;

import io.adstream.config.AdstreamConfig;
import io.adstream.observability.MetricNames;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * What every adstream Lambda has alike: its own role, its own encrypted log group, the shared jar
 * on Java 21 arm64, and the cdk-nag findings that follow from that. The construct ids (Role, Logs,
 * Function) are the callers' scope's, so logical ids stay as they were.
 */
final class JavaFunctions {
  /**
   * The EMF library under Powertools metrics: its Local environment prints the metrics to stdout as
   * its Lambda one does, without the properties the Lambda one adds to every line
   * (executionEnvironment, functionVersion, logStreamId: the log stream's name already says the
   * version and the environment). About 130 bytes a line of log ingestion, and nothing the
   * dashboard or an alarm reads: they read metrics.
   */
  static final String EMF_ENVIRONMENT_VARIABLE = "AWS_EMF_ENVIRONMENT";

  static final String EMF_ENVIRONMENT = "Local";

  private JavaFunctions() {}

  /** The function's own role, assumed by Lambda; the caller grants it what the function needs. */
  static Role role(Construct scope, String description) {
    return Role.Builder.create(scope, "Role")
        .description(description)
        .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
        .build();
  }

  /** {@code /aws/lambda/<name>}, written by {@code role}. */
  static LogGroup logGroup(Construct scope, OperationalLogs logs, String name, Role role) {
    LogGroup logGroup = logs.create(scope, "Logs", "/aws/lambda/" + name);
    logGroup.grantWrite(role);
    return logGroup;
  }

  /**
   * The environment every function reads: the whole configuration in one variable, and Powertools'
   * own settings; {@code extra} adds the function's own. Sorted, so that each synth writes the same
   * template and function version hash.
   */
  static Map<String, String> environment(
      AdstreamConfig config, String name, Map<String, String> extra) {
    Map<String, String> environment = new TreeMap<>(extra);
    environment.put(AdstreamConfig.ENVIRONMENT_VARIABLE, config.toJson());
    environment.put("POWERTOOLS_SERVICE_NAME", name);
    environment.put("POWERTOOLS_METRICS_NAMESPACE", MetricNames.NAMESPACE);
    environment.put("POWERTOOLS_LOG_LEVEL", config.processor().logLevel());
    environment.put(EMF_ENVIRONMENT_VARIABLE, EMF_ENVIRONMENT);
    return environment;
  }

  /**
   * A function of the shared jar, traced by X-Ray when operations.tracing is on; the caller sets
   * memory, timeout, concurrency and environment.
   */
  static Function.Builder builder(
      Construct scope,
      AdstreamConfig config,
      String name,
      String description,
      String handler,
      Code code,
      Role role,
      LogGroup logGroup) {
    Function.Builder builder =
        Function.Builder.create(scope, "Function")
            .functionName(name)
            .description(description)
            .runtime(Runtime.JAVA_21)
            .architecture(Architecture.ARM_64)
            .handler(handler)
            .code(code)
            .role(role)
            .logGroup(logGroup);
    if (config.operations().tracing()) {
      builder.tracing(Tracing.ACTIVE);
      NagSuppressions.addResourceSuppressions(
          role,
          List.of(
              suppression(
                  "AwsSolutions-IAM5",
                  "X-Ray's PutTraceSegments and PutTelemetryRecords act on no resource: IAM accepts only \"*\".",
                  List.of("Resource::*"))),
          true);
    }
    return builder;
  }

  /**
   * The runtime finding (Java 21, not the latest) and the VPC finding, with {@code
   * outsideVpcReason}: which endpoints the function reaches and why a VPC would isolate nothing.
   */
  static void suppressRuntimeAndVpc(Function function, String outsideVpcReason) {
    NagSuppressions.addResourceSuppressions(
        function,
        List.of(
            suppression(
                "AwsSolutions-L1",
                "The project targets Java 21 (--release 21); moving to the java25 runtime moves the"
                    + " whole build."),
            suppression("PCI.DSS.321-LambdaInsideVPC", outsideVpcReason)));
  }
}
