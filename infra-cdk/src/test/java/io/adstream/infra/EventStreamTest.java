package io.adstream.infra;

import static io.adstream.infra.Configs.DEFAULTS;
import static io.adstream.infra.Configs.VARIANT;
import static io.adstream.infra.Resources.arnOf;
import static io.adstream.infra.Resources.logicalId;
import static io.adstream.infra.Resources.properties;
import static org.assertj.core.api.Assertions.assertThat;

import io.adstream.config.AdstreamConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

class EventStreamTest {

  @Test
  void streamIsProvisionedWithTwoShardsAndEncryptedWithItsOwnKeyByDefault() {
    Template template = Synth.defaultTemplate();
    Map<String, Object> stream =
        properties(template, "AWS::Kinesis::Stream", Map.of("Name", "adstream-events"));
    assertThat(stream)
        .containsEntry("StreamModeDetails", Map.of("StreamMode", "PROVISIONED"))
        .containsEntry("ShardCount", 2)
        .containsEntry("RetentionPeriodHours", DEFAULTS.stream().retentionHours());
    assertThat(stream.get("StreamEncryption"))
        .isEqualTo(Map.of("EncryptionType", "KMS", "KeyId", arnOf(streamKey(template))));
  }

  @Test
  void onDemandStaysSelectable() {
    Template template =
        Synth.synthesized(AdstreamConfig.withOverrides("{\"stream\":{\"onDemand\":true}}"))
            .template();
    assertThat(properties(template, "AWS::Kinesis::Stream", Map.of("Name", "adstream-events")))
        .containsEntry("StreamModeDetails", Map.of("StreamMode", "ON_DEMAND"))
        .doesNotContainKey("ShardCount");
  }

  @Test
  void provisionedStreamHasTheConfiguredShardsAndRetention() {
    Map<String, Object> stream =
        properties(
            Configs.variantTemplate(),
            "AWS::Kinesis::Stream",
            Map.of("Name", "adstream-dev-events"));
    assertThat(stream)
        .containsEntry("StreamModeDetails", Map.of("StreamMode", "PROVISIONED"))
        .containsEntry("ShardCount", VARIANT.stream().shardCount())
        .containsEntry("RetentionPeriodHours", VARIANT.stream().retentionHours());
  }

  @Test
  void processorReadsTheStreamDirectlyWithoutEnhancedFanOut() {
    Template template = Synth.defaultTemplate();
    template.resourceCountIs("AWS::Kinesis::StreamConsumer", 0);
    String stream = logicalId(template, "AWS::Kinesis::Stream", Map.of());
    assertThat(ProcessorTest.mapping(template)).containsEntry("EventSourceArn", arnOf(stream));
  }

  @Test
  void withEnhancedFanOutTheProcessorReadsThroughItsOwnConsumer() {
    Template template = Configs.variantTemplate();
    String consumer =
        logicalId(
            template,
            "AWS::Kinesis::StreamConsumer",
            Map.of("ConsumerName", VARIANT.names().processorConsumer()));
    assertThat(ProcessorTest.mapping(template))
        .containsEntry("EventSourceArn", Map.of("Fn::GetAtt", List.of(consumer, "ConsumerARN")));
  }

  private static String streamKey(Template template) {
    return logicalId(template, "AWS::KMS::Key", Map.of("Description", "adstream events stream"));
  }
}
