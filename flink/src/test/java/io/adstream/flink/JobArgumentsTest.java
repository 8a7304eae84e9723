package io.adstream.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's settings from program arguments (any cluster) and from the managed service's runtime
 * properties.
 */
class JobArgumentsTest {
  @TempDir Path dir;

  @Test
  void programArgumentsSetTheCheckpointIntervalAndKafkaClientSettings() {
    JobSettings settings =
        JobArguments.of(
            new String[] {
              "--bootstrap-servers",
              "b:9092",
              "--checkpoint-interval",
              "10s",
              "--kafka.security.protocol",
              "SSL",
              "--source-parallelism",
              "4"
            },
            dir.resolve("absent.json"));

    assertThat(settings.bootstrapServers()).isEqualTo("b:9092");
    assertThat(settings.checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.kafkaProperties()).isEqualTo(Map.of("security.protocol", "SSL"));
    assertThat(settings.sourceParallelism()).isEqualTo(4);
    assertThat(settings.keys()).isInstanceOf(PiiKeys.Environment.class);
    assertThat(settings.bounded()).isFalse();
  }

  @Test
  void onTheManagedServiceTheRuntimePropertiesAreReadAndCheckpointingIsLeftToTheService()
      throws Exception {
    Path properties = dir.resolve("application_properties.json");
    Files.writeString(
        properties,
        """
        [{"PropertyGroupId": "other", "PropertyMap": {"bootstrap-servers": "wrong:1"}},
         {"PropertyGroupId": "adstream", "PropertyMap": {"bootstrap-servers": "b-1.msk:9094",
           "pii-secret-id": "adstream-pii-key", "kafka.security.protocol": "SSL", "config": "{\\"prefix\\":\\"ads\\"}"}}]
        """);

    JobSettings settings = JobArguments.of(new String[0], properties);

    assertThat(settings.bootstrapServers()).isEqualTo("b-1.msk:9094");
    assertThat(settings.checkpointInterval()).isEqualTo(JobSettings.RUNTIME_CHECKPOINTS);
    assertThat(settings.keys()).isEqualTo(new PiiKeys.SecretsManager("adstream-pii-key"));
    assertThat(settings.kafkaProperties()).isEqualTo(Map.of("security.protocol", "SSL"));
    assertThat(settings.configOverrides()).isEqualTo("{\"prefix\":\"ads\"}");
  }

  @Test
  void aRuntimePropertiesFileWithoutTheGroupIsRefused() throws Exception {
    Path properties = dir.resolve("application_properties.json");
    Files.writeString(properties, "[{\"PropertyGroupId\": \"other\", \"PropertyMap\": {}}]");

    assertThatThrownBy(() -> JobArguments.of(new String[0], properties))
        .hasMessageContaining("no property group 'adstream'");
  }
}
