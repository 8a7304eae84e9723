package io.adstream.infra;

import static io.adstream.infra.Configs.DEFAULTS;
import static io.adstream.infra.Configs.VARIANT;
import static io.adstream.infra.Resources.arnOf;
import static io.adstream.infra.Resources.json;
import static io.adstream.infra.Resources.logicalId;
import static io.adstream.infra.Resources.properties;
import static io.adstream.infra.Resources.ref;
import static org.assertj.core.api.Assertions.assertThat;

import io.adstream.config.AdstreamConfig;
import io.adstream.config.MappingSettings;
import io.adstream.config.ProcessorEnvironment;
import io.adstream.observability.MetricNames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class ProcessorTest {
  /** The processor among the stack's functions (the alert check is another). */
  private static final Map<String, String> PROCESSOR = Map.of("Handler", Processor.HANDLER);

  @Test
  void eventSourceMappingCarriesEveryMappingSetting() {
    assertMappingFollows(DEFAULTS);
    assertMappingFollows(VARIANT);
    assertThat(expectedMapping(VARIANT)).isNotEqualTo(expectedMapping(DEFAULTS));
  }

  @Test
  void parkedBatchesGoToTheLakeBucket() {
    for (AdstreamConfig config : List.of(DEFAULTS, VARIANT)) {
      Template template = Configs.templateOf(config);
      String lake = lakeBucket(template);
      assertThat(mapping(template))
          .containsEntry(
              "DestinationConfig", Map.of("OnFailure", Map.of("Destination", arnOf(lake))))
          // the mapping's own metrics count parked and dropped records for the parked-records alarm
          .containsEntry("MetricsConfig", Map.of("Metrics", List.of("EventCount")));
    }
  }

  @Test
  void withoutMaximumRecordAgeTheMappingKeepsLambdasDefault() {
    assertThat(VARIANT.mapping().maxRecordAge()).isEmpty();
    assertThat(mapping(Configs.variantTemplate())).doesNotContainKey("MaximumRecordAgeInSeconds");
  }

  @Test
  void theMappingInvokesTheAliasOfThePublishedSnapStartVersion() {
    Template template = Synth.defaultTemplate();
    String function = function(template, DEFAULTS);
    assertThat(
            properties(
                template, "AWS::Lambda::Function", Map.of("FunctionName", "adstream-processor")))
        .containsEntry("SnapStart", Map.of("ApplyOn", "PublishedVersions"));
    String version =
        logicalId(template, "AWS::Lambda::Version", Map.of("FunctionName", ref(function)));
    String alias =
        logicalId(
            template,
            "AWS::Lambda::Alias",
            Map.of(
                "Name", Processor.ALIAS,
                "FunctionName", ref(function),
                "FunctionVersion", Map.of("Fn::GetAtt", List.of(version, "Version"))));
    assertThat(json(mapping(template).get("FunctionName")))
        .contains(json(ref(alias)))
        .endsWith(":live\"]]}");
  }

  @Test
  void snapStartCanBeTurnedOff() {
    assertThat(VARIANT.processor().snapStart()).isFalse();
    assertThat(
            properties(
                Configs.variantTemplate(),
                "AWS::Lambda::Function",
                Map.of("FunctionName", "adstream-dev-processor")))
        .doesNotContainKey("SnapStart");
  }

  @Test
  void functionRunsJava21OnArmWithTheConfiguredSize() {
    for (AdstreamConfig config : List.of(DEFAULTS, VARIANT)) {
      Map<String, Object> function =
          properties(
              Configs.templateOf(config),
              "AWS::Lambda::Function",
              Map.of("FunctionName", config.names().processorFunction()));
      assertThat(function)
          .containsEntry("Runtime", "java21")
          .containsEntry("Architectures", List.of("arm64"))
          .containsEntry("Handler", "io.adstream.lambda.ProcessorHandler::handleRequest")
          .containsEntry("MemorySize", config.processor().memoryMb())
          .containsEntry("Timeout", (int) config.processor().timeout().toSeconds());
    }
    assertThat(properties(Synth.defaultTemplate(), "AWS::Lambda::Function", PROCESSOR))
        .doesNotContainKey("ReservedConcurrentExecutions");
    assertThat(properties(Configs.variantTemplate(), "AWS::Lambda::Function", PROCESSOR))
        .containsEntry(
            "ReservedConcurrentExecutions",
            VARIANT.processor().reservedConcurrency().orElseThrow());
  }

  @Test
  void processorReadsItsWholeConfigurationAndPowertoolsSettingsFromItsEnvironment() {
    for (AdstreamConfig config : List.of(DEFAULTS, VARIANT)) {
      Map<String, Object> variables = environment(Configs.templateOf(config));
      assertThat(
              AdstreamConfig.fromEnvironment(
                  Map.of(
                      AdstreamConfig.ENVIRONMENT_VARIABLE,
                      (String) variables.get(AdstreamConfig.ENVIRONMENT_VARIABLE))))
          .isEqualTo(config);
      assertThat(variables)
          .containsEntry("POWERTOOLS_SERVICE_NAME", config.names().processorFunction())
          .containsEntry("POWERTOOLS_METRICS_NAMESPACE", MetricNames.NAMESPACE)
          .containsEntry("POWERTOOLS_LOG_LEVEL", config.processor().logLevel())
          // the lambdas module's tests measure the EMF lines in this environment (EmfLogBytesTest)
          .containsEntry("AWS_EMF_ENVIRONMENT", "Local");
    }
  }

  @Test
  void environmentFitsLambdasFourKilobyteLimit() {
    int bytes =
        environment(Configs.variantTemplate()).entrySet().stream()
            .mapToInt(e -> e.getKey().length() + valueBytes(e.getValue()))
            .sum();
    assertThat(bytes).isLessThan(4 * 1024);
  }

  /**
   * A resolved value is only known at deploy time: count it at the longest an SNS topic ARN can be.
   */
  private static int valueBytes(Object value) {
    return value instanceof String text
        ? text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
        : 256;
  }

  @Test
  void theProcessorPublishesToTheAlertTopicItIsGiven() {
    Template template = Synth.defaultTemplate();
    String topic =
        Resources.logicalId(
            template, "AWS::SNS::Topic", Map.of("TopicName", DEFAULTS.names().alertTopic()));
    assertThat(environment(template))
        .containsEntry(ProcessorEnvironment.ALERT_TOPIC_ARN, Resources.ref(topic));
  }

  @Test
  void logsGoToAnEncryptedLogGroupWithTheConfiguredRetention() {
    for (AdstreamConfig config : List.of(DEFAULTS, VARIANT)) {
      Template template = Configs.templateOf(config);
      String logGroupName = "/aws/lambda/" + config.names().processorFunction();
      Map<String, Object> logGroup =
          properties(template, "AWS::Logs::LogGroup", Map.of("LogGroupName", logGroupName));
      assertThat(logGroup)
          .containsEntry("RetentionInDays", config.operations().logRetentionDays())
          .containsKey("KmsKeyId");
      String logGroupId =
          logicalId(template, "AWS::Logs::LogGroup", Map.of("LogGroupName", logGroupName));
      assertThat(properties(template, "AWS::Lambda::Function", PROCESSOR))
          .containsEntry("LoggingConfig", Map.of("LogGroup", ref(logGroupId)));
    }
  }

  @Test
  void processorMayWriteParkedBatchesOnlyWhereLambdaPutsThem() {
    Template template = Synth.defaultTemplate();
    String lake = lakeBucket(template);
    template.hasResourceProperties(
        "AWS::IAM::Policy",
        Map.of(
            "PolicyDocument",
            Map.of(
                "Statement",
                Match.arrayWith(
                    List.of(
                        Map.of(
                            "Effect", "Allow",
                            "Action", "s3:PutObject",
                            "Resource",
                                Map.of(
                                    "Fn::Join",
                                    List.of("", List.of(arnOf(lake), "/aws/lambda/*")))))))));
  }

  private static void assertMappingFollows(AdstreamConfig config) {
    assertThat(mapping(Configs.templateOf(config))).containsAllEntriesOf(expectedMapping(config));
  }

  /** Every mapping setting, as CloudFormation names it. */
  private static Map<String, Object> expectedMapping(AdstreamConfig config) {
    MappingSettings mapping = config.mapping();
    Map<String, Object> expected = new HashMap<>();
    expected.put("BatchSize", mapping.batchSize());
    expected.put("MaximumBatchingWindowInSeconds", (int) mapping.maxBatchingWindow().toSeconds());
    expected.put("BisectBatchOnFunctionError", mapping.bisectBatchOnError());
    expected.put("MaximumRetryAttempts", mapping.maxRetryAttempts());
    mapping
        .maxRecordAge()
        .ifPresent(age -> expected.put("MaximumRecordAgeInSeconds", (int) age.toSeconds()));
    expected.put("ParallelizationFactor", mapping.parallelizationFactor());
    expected.put("StartingPosition", mapping.startingPosition());
    expected.put("FunctionResponseTypes", List.of("ReportBatchItemFailures"));
    return expected;
  }

  static Map<String, Object> mapping(Template template) {
    return properties(template, "AWS::Lambda::EventSourceMapping", Map.of());
  }

  static String lakeBucket(Template template) {
    // the lake is the bucket with a name (account and region in it); the access-log bucket has none
    return logicalId(template, "AWS::S3::Bucket", Map.of("BucketName", Match.anyValue()));
  }

  private static String function(Template template, AdstreamConfig config) {
    return logicalId(
        template,
        "AWS::Lambda::Function",
        Map.of("FunctionName", config.names().processorFunction()));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> environment(Template template) {
    Map<String, Object> environment =
        (Map<String, Object>)
            properties(template, "AWS::Lambda::Function", PROCESSOR).get("Environment");
    return (Map<String, Object>) environment.get("Variables");
  }
}
