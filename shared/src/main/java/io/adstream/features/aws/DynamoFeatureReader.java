package io.adstream.features.aws;

import io.adstream.attribution.UserState;
import io.adstream.config.AdstreamConfig;
import io.adstream.config.TableSpec;
import io.adstream.features.Activity;
import io.adstream.features.FeatureEntity;
import io.adstream.features.FeatureReader;
import io.adstream.features.FeatureVector;
import io.adstream.state.CapacityMeter;
import io.adstream.state.aws.BatchReads;
import io.adstream.state.aws.ItemMapping;
import io.adstream.state.aws.StateMappings;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * Reads the user and device items the processor keeps in the features table, decoded by the same mappings
 * that write them. Eventually consistent: half the read cost, and a feature a second old is still fresh.
 */
public final class DynamoFeatureReader implements FeatureReader {
  private final DynamoDbClient dynamo;
  private final String table;
  private final ItemMapping<String, Activity> devices;
  private final ItemMapping<String, UserState> users;
  private final CapacityMeter meter;

  public DynamoFeatureReader(DynamoDbClient dynamo, AdstreamConfig config, CapacityMeter meter) {
    this.dynamo = dynamo;
    this.table = config.names().featuresTable();
    this.devices = StateMappings.devices(config);
    this.users = StateMappings.users(config);
    this.meter = meter;
  }

  @Override
  public Optional<FeatureVector> read(FeatureEntity entity, String token) {
    Map<String, AttributeValue> key =
        switch (entity) {
          case USER -> users.key(token);
          case DEVICE -> devices.key(token);
        };
    var response =
        dynamo.getItem(r -> r.tableName(table).key(key).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
    meter.read(BatchReads.units(response.consumedCapacity()));
    if (!response.hasItem() || response.item().isEmpty() || !response.item().containsKey(TableSpec.PARTITION_KEY)) {
      return Optional.empty();
    }
    Activity activity =
        switch (entity) {
          case USER -> users.decode(response.item()).activity();
          case DEVICE -> devices.decode(response.item());
        };
    return activity.features();
  }
}
