package io.adstream.features.aws;

import io.adstream.config.AdstreamConfig;
import io.adstream.features.Activity;
import io.adstream.state.aws.PartitionKeyedMapping;
import io.adstream.state.aws.StateJson;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Features table: pk {@code dev#<device token>}, attribute {@code a}: the device's activity. */
public final class DeviceActivityMapping extends PartitionKeyedMapping<String, Activity> {
  private final Duration retention;

  public DeviceActivityMapping(AdstreamConfig config) {
    super(config.names().featuresTable(), device -> "dev#" + device);
    this.retention = config.retention().features();
  }

  @Override
  public Map<String, AttributeValue> encode(Activity value) {
    return Map.of("a", AttributeValue.fromS(StateJson.write(ActivityJson.write(value))));
  }

  @Override
  public Activity decode(Map<String, AttributeValue> item) {
    return ActivityJson.read(StateJson.read(item.get("a").s()));
  }

  @Override
  public long expiresAt(String device, Activity value) {
    return value.asOf().orElse(Instant.EPOCH).plus(retention).getEpochSecond();
  }
}
