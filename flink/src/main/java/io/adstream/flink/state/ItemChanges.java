package io.adstream.flink.state;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Where the serving state goes: every item a store wrote, whole, as its DynamoDB table holds it.
 */
@FunctionalInterface
public interface ItemChanges {
  void changed(String table, Map<String, AttributeValue> item);
}
