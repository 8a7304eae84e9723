package io.adstream.features.aws;

import io.adstream.config.TableSpec;
import io.adstream.features.Activity;
import io.adstream.features.DeviceState;
import io.adstream.features.FeatureEntity;
import io.adstream.features.FeatureReader;
import io.adstream.features.FeatureVector;
import io.adstream.state.CapacityMeter;
import io.adstream.state.aws.BatchReads;
import io.adstream.state.aws.ItemMapping;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * Reads the user and device items the processor keeps in the features table, decoded by the same
 * mappings that write them. Eventually consistent: half the read cost, and a feature a second old
 * is still fresh.
 *
 * <p>User items are attribution's: their mapping, and where a user's activity sits in one, are
 * given (a handler wires {@code UserStateMapping} and {@code UserState::activity}).
 */
public final class DynamoFeatureReader implements FeatureReader {
  private final DynamoDbClient dynamo;
  private final EntityItems devices;
  private final EntityItems users;
  private final CapacityMeter meter;

  private DynamoFeatureReader(
      DynamoDbClient dynamo, EntityItems devices, EntityItems users, CapacityMeter meter) {
    this.dynamo = dynamo;
    this.devices = devices;
    this.users = users;
    this.meter = meter;
  }

  public static <U> DynamoFeatureReader of(
      DynamoDbClient dynamo,
      ItemMapping<String, DeviceState> devices,
      ItemMapping<String, U> users,
      Function<U, Activity> activityOfUser,
      CapacityMeter meter) {
    return new DynamoFeatureReader(
        dynamo,
        EntityItems.of(devices, DeviceState::activity),
        EntityItems.of(users, activityOfUser),
        meter);
  }

  /** How to find one kind of entity's item and read its activity. */
  private record EntityItems(
      String table,
      Function<String, Map<String, AttributeValue>> key,
      Function<Map<String, AttributeValue>, Activity> activity) {
    static <V> EntityItems of(ItemMapping<String, V> mapping, Function<V, Activity> activity) {
      return new EntityItems(
          mapping.table(), mapping::key, item -> activity.apply(mapping.decode(item)));
    }
  }

  @Override
  public Optional<FeatureVector> read(FeatureEntity entity, String token) {
    EntityItems items =
        switch (entity) {
          case USER -> users;
          case DEVICE -> devices;
        };
    var response =
        dynamo.getItem(
            r ->
                r.tableName(items.table())
                    .key(items.key().apply(token))
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
    meter.read(BatchReads.units(response.consumedCapacity()));
    if (!response.hasItem()
        || response.item().isEmpty()
        || !response.item().containsKey(TableSpec.PARTITION_KEY)) {
      return Optional.empty();
    }
    return items.activity().apply(response.item()).features();
  }
}
