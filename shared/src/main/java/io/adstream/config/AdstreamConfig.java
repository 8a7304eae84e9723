package io.adstream.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one configuration of adstream, shared by the CDK app, the local runner, the Lambda handlers
 * and the tests, so that resource names and settings cannot drift between them.
 *
 * <p>Defaults live in {@link #defaults()}. Overrides are JSON documents merged onto the defaults
 * ({@link #withOverrides(String)}); the CDK app reads them from cdk.json context, the local runner
 * from {@code --config}, and a deployed handler from the {@value #ENVIRONMENT_VARIABLE} environment
 * variable that the CDK app sets from this same object.
 */
public record AdstreamConfig(
    String prefix,
    StreamSettings stream,
    MappingSettings mapping,
    WindowSettings windows,
    ProcessorSettings processor,
    LandingSettings landing,
    RetentionSettings retention,
    AlertSettings alerts,
    StateSettings state,
    OperationsSettings operations,
    ReconcileSettings reconcile,
    CapacitySettings capacity) {

  public static final String ENVIRONMENT_VARIABLE = "ADSTREAM_CONFIG";

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .addModule(new Jdk8Module())
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          // the JSON is a Lambda environment variable: Map.of's per-JVM order would change it, and
          // with it the
          // function's version hash, on every synth
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  public AdstreamConfig {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(mapping, "mapping");
    Objects.requireNonNull(windows, "windows");
    Objects.requireNonNull(processor, "processor");
    Objects.requireNonNull(landing, "landing");
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(alerts, "alerts");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(operations, "operations");
    Objects.requireNonNull(reconcile, "reconcile");
    Objects.requireNonNull(capacity, "capacity");
    List<String> problems = new ArrayList<>();
    if (!prefix.matches("[a-z][a-z0-9-]{1,30}")) {
      problems.add(
          "prefix must be 2-31 lowercase letters, digits or '-', starting with a letter: "
              + prefix);
    }
    problems.addAll(guaranteeProblems(stream, mapping, windows, landing, retention, operations));
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
  }

  /**
   * Settings that are each valid alone but together break a guarantee: every problem, with the
   * reason the combination fails.
   */
  static List<String> guaranteeProblems(
      StreamSettings stream,
      MappingSettings mapping,
      WindowSettings windows,
      LandingSettings landing,
      RetentionSettings retention,
      OperationsSettings operations) {
    List<String> problems = new ArrayList<>();
    Duration streamRetention = Duration.ofHours(stream.retentionHours());
    if (windows.dedupWindow().compareTo(windows.replayHorizon()) < 0) {
      problems.add("windows.dedupWindow must not be shorter than windows.replayHorizon");
    }
    if (mapping.maxRecordAge().isPresent()
        && windows.replayHorizon().compareTo(mapping.maxRecordAge().get()) < 0) {
      problems.add(
          "windows.replayHorizon must cover mapping.maxRecordAge, or parked records could not be replayed");
    }
    mapping
        .maxRecordAge()
        .ifPresent(
            age -> {
              if (age.compareTo(streamRetention) >= 0) {
                problems.add(
                    "mapping.maxRecordAge ("
                        + age
                        + ") must be shorter than stream.retentionHours ("
                        + streamRetention
                        + "): a record the stream expires before its age parks it is lost without a trace");
              }
              if (operations.alarms().iteratorAge().compareTo(age) >= 0) {
                problems.add(
                    "operations.alarms.iteratorAge ("
                        + operations.alarms().iteratorAge()
                        + ") must be shorter than"
                        + " mapping.maxRecordAge ("
                        + age
                        + "): records would be parked before the backlog alarm fires");
              }
            });
    if (windows.dedupWindow().compareTo(streamRetention) < 0) {
      problems.add(
          "windows.dedupWindow ("
              + windows.dedupWindow()
              + ") must not be shorter than stream.retentionHours ("
              + streamRetention
              + "): a shard re-read from its trim horizon delivers records that old again, and dedup"
              + " must still know them");
    }
    if (operations.alarms().streamIteratorAge().compareTo(streamRetention) >= 0) {
      problems.add(
          "operations.alarms.streamIteratorAge ("
              + operations.alarms().streamIteratorAge()
              + ") must be"
              + " shorter than stream.retentionHours ("
              + streamRetention
              + "): it would fire only after records expired");
    }
    if (operations.alarms().landingFreshness().toSeconds() <= landing.bufferSeconds()) {
      problems.add(
          "operations.alarms.landingFreshness ("
              + operations.alarms().landingFreshness()
              + ") must be longer"
              + " than landing.bufferSeconds ("
              + landing.bufferSeconds()
              + " s): every buffered record would alarm");
    }
    if (windows.replayHorizon().compareTo(Duration.ofDays(retention.lakeDays())) > 0) {
      problems.add(
          "windows.replayHorizon ("
              + windows.replayHorizon()
              + ") must not be longer than retention.lakeDays ("
              + retention.lakeDays()
              + "): the lake would expire data the replay tool is meant to re-inject");
    }
    if (operations.auditLogRetentionDays() < operations.logRetentionDays()) {
      problems.add(
          "operations.auditLogRetentionDays ("
              + operations.auditLogRetentionDays()
              + ") must not be shorter"
              + " than operations.logRetentionDays ("
              + operations.logRetentionDays()
              + "): audit logs outlive operational ones");
    }
    return problems;
  }

  public static AdstreamConfig defaults() {
    return new AdstreamConfig(
        "adstream",
        StreamSettings.defaults(),
        MappingSettings.defaults(),
        WindowSettings.defaults(),
        ProcessorSettings.defaults(),
        LandingSettings.defaults(),
        RetentionSettings.defaults(),
        AlertSettings.defaults(),
        StateSettings.defaults(),
        OperationsSettings.defaults(),
        ReconcileSettings.defaults(),
        CapacitySettings.defaults());
  }

  /** Names of every resource, derived from the prefix. */
  public ResourceNames names() {
    return new ResourceNames(prefix);
  }

  /** The defaults with a JSON document of overrides merged on top; unknown keys are errors. */
  public static AdstreamConfig withOverrides(String overridesJson) {
    try {
      ObjectNode merged = JSON.valueToTree(defaults());
      merge(merged, JSON.readTree(overridesJson));
      return JSON.treeToValue(merged, AdstreamConfig.class);
    } catch (JsonProcessingException e) {
      // a compact constructor's rejection reaches us wrapped by Jackson: surface it as it was
      // thrown
      if (e.getCause() instanceof InvalidConfigException invalid) {
        throw invalid;
      }
      throw new InvalidConfigException(List.of(e.getOriginalMessage()));
    }
  }

  /** The configuration a deployed handler runs with: the CDK app writes it into the environment. */
  public static AdstreamConfig fromEnvironment(Map<String, String> environment) {
    String json = environment.get(ENVIRONMENT_VARIABLE);
    return json == null || json.isBlank() ? defaults() : withOverrides(json);
  }

  /** The whole configuration as compact JSON; {@code withOverrides(toJson())} reproduces it. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void merge(ObjectNode target, JsonNode overrides) {
    if (overrides == null || overrides.isNull()) {
      return;
    }
    if (!overrides.isObject()) {
      throw new InvalidConfigException(List.of("configuration overrides must be a JSON object"));
    }
    overrides
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode existing = target.get(e.getKey());
              if (existing instanceof ObjectNode existingObject && e.getValue().isObject()) {
                merge(existingObject, e.getValue());
              } else {
                target.set(e.getKey(), e.getValue());
              }
            });
  }

  /** Rejected configuration, with every problem found. */
  public static final class InvalidConfigException extends IllegalArgumentException {
    private final List<String> problems;

    public InvalidConfigException(List<String> problems) {
      super("invalid adstream configuration: " + String.join("; ", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }

  static void require(boolean condition, String problem) {
    if (!condition) {
      throw new InvalidConfigException(List.of(problem));
    }
  }

  static void requireBetween(Duration value, Duration min, Duration max, String name) {
    require(
        value.compareTo(min) >= 0 && value.compareTo(max) <= 0,
        name + " must be between " + min + " and " + max + ", was " + value);
  }
}
