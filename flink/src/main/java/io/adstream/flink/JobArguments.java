package io.adstream.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adstream.config.AdstreamConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.util.ParameterTool;
import org.apache.flink.util.TimeUtils;

/**
 * The job's settings on a cluster, from its program arguments ({@code flink run ...
 * --bootstrap-servers B}) or, on Amazon Managed Service for Apache Flink, which passes none, from
 * the application's runtime properties: the property group {@value #PROPERTY_GROUP} in {@value
 * #MANAGED_PROPERTIES}, with the same names.
 *
 * <p>On the managed service the service owns checkpointing (its {@code CheckpointConfiguration}; a
 * job that sets the interval in code is refused from its Flink 2.2 runtime on), so the job leaves
 * it alone there. Properties named {@code kafka.*} go, without the prefix, to the Kafka source and
 * sinks (TLS or SASL for MSK).
 */
public final class JobArguments {
  /** Where the managed service writes the runtime properties of an application. */
  public static final String MANAGED_PROPERTIES = "/etc/flink/application_properties.json";

  public static final String PROPERTY_GROUP = "adstream";
  private static final String KAFKA_PREFIX = "kafka.";
  private static final ObjectMapper JSON = new ObjectMapper();

  private JobArguments() {}

  /**
   * The settings from {@code args}, or from the managed service's properties file when it exists.
   */
  public static JobSettings of(String[] args, Path managedProperties) {
    boolean managed = Files.exists(managedProperties);
    ParameterTool parameters =
        managed
            ? ParameterTool.fromMap(managedGroup(managedProperties))
            : ParameterTool.fromArgs(args);
    PiiKeys keys =
        parameters.has("pii-secret-id")
            ? new PiiKeys.SecretsManager(parameters.get("pii-secret-id"))
            : new PiiKeys.Environment();
    Duration checkpoints =
        managed
            ? JobSettings.RUNTIME_CHECKPOINTS
            : TimeUtils.parseDuration(parameters.get("checkpoint-interval", "30s"));
    String overrides = parameters.get("config", "{}");
    AdstreamConfig.withOverrides(
        overrides); // refused here, before the job is submitted, when invalid
    Map<String, String> kafka = new TreeMap<>();
    parameters
        .toMap()
        .forEach(
            (name, value) -> {
              if (name.startsWith(KAFKA_PREFIX)) {
                kafka.put(name.substring(KAFKA_PREFIX.length()), value);
              }
            });
    return new JobSettings(
        parameters.getRequired("bootstrap-servers"),
        overrides,
        keys,
        checkpoints,
        false,
        parameters.getInt("source-parallelism", 1),
        kafka);
  }

  /**
   * The {@value #PROPERTY_GROUP} group of a runtime properties file: {@code [{"PropertyGroupId",
   * "PropertyMap"}]}.
   */
  static Map<String, String> managedGroup(Path file) {
    JsonNode groups;
    try {
      groups = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the runtime properties " + file, e);
    }
    for (JsonNode group : groups) {
      if (PROPERTY_GROUP.equals(group.path("PropertyGroupId").asText())) {
        Map<String, String> properties = new TreeMap<>();
        group
            .path("PropertyMap")
            .properties()
            .forEach(p -> properties.put(p.getKey(), p.getValue().asText()));
        return properties;
      }
    }
    throw new IllegalArgumentException(
        "the runtime properties " + file + " have no property group '" + PROPERTY_GROUP + "'");
  }
}
