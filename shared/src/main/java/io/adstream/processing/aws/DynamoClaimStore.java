package io.adstream.processing.aws;

import io.adstream.attribution.UserState;
import io.adstream.config.AdstreamConfig;
import io.adstream.config.TableSpec;
import io.adstream.dedup.Claim;
import io.adstream.dedup.ClaimItem;
import io.adstream.dedup.DedupKey;
import io.adstream.event.SourcePosition;
import io.adstream.processing.ClaimStore;
import io.adstream.processing.ClaimWrite;
import io.adstream.state.CapacityMeter;
import io.adstream.state.Fences;
import io.adstream.state.Versioned;
import io.adstream.state.aws.BatchReads;
import io.adstream.state.aws.StateJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Claims and join state in the claims table, users in the features table.
 *
 * <p>Claim item: pk = the dedup key; {@code eid} event id, {@code fp} fingerprint, {@code os}/{@code oq}
 * owner shard and padded sequence number, {@code et} event time (ms), {@code d} the decision, {@code p}
 * the references parked on the key, {@code expires_at} (s). A standalone claim is one conditional
 * UpdateItem; a claim with user state and a parked join is one TransactWriteItems, so the decision and
 * the state it changed are written together or not at all.
 */
public final class DynamoClaimStore implements ClaimStore {
  private static final String UNCLAIMED = "(attribute_not_exists(eid) OR expires_at < :now)";

  private final DynamoDbClient dynamo;
  private final String stream;
  private final String claims;
  private final String users;
  private final Duration userRetention;
  private final CapacityMeter meter;

  public DynamoClaimStore(DynamoDbClient dynamo, AdstreamConfig config, CapacityMeter meter) {
    this.dynamo = dynamo;
    this.stream = config.names().stream();
    this.claims = config.names().claimsTable();
    this.users = config.names().featuresTable();
    this.userRetention = config.windows().conversionLookback().plus(config.windows().allowedLateness()).plus(config.retention().features());
    this.meter = meter;
  }

  @Override
  public Map<DedupKey, ClaimItem> readClaims(Collection<DedupKey> keys) {
    Map<String, DedupKey> byPk = new HashMap<>();
    keys.forEach(k -> byPk.put(k.value(), k));
    Map<DedupKey, ClaimItem> found = new HashMap<>();
    keys.forEach(k -> found.put(k, ClaimItem.unclaimed(k)));
    for (Map<String, AttributeValue> item : batchGet(claims, byPk.keySet())) {
      DedupKey key = byPk.get(item.get(TableSpec.PARTITION_KEY).s());
      found.put(key, claimItem(key, item));
    }
    return found;
  }

  @Override
  public Map<String, Versioned<UserState>> readUsers(Collection<String> userTokens) {
    Map<String, Versioned<UserState>> found = new HashMap<>();
    List<String> pks = userTokens.stream().map(DynamoClaimStore::userKey).toList();
    for (Map<String, AttributeValue> item : batchGet(users, pks)) {
      String token = item.get(TableSpec.PARTITION_KEY).s().substring("usr#".length());
      found.put(token, new Versioned<>(StateJson.user(item.get("u").s()), Long.parseLong(item.get("v").n()), Fences.NONE));
    }
    return found;
  }

  @Override
  public CommitResult commit(ClaimWrite write, Instant now) {
    return switch (write) {
      case ClaimWrite.Standalone standalone -> commitStandalone(standalone, now);
      case ClaimWrite.Joined joined -> commitJoined(joined, now);
    };
  }

  private CommitResult commitStandalone(ClaimWrite.Standalone write, Instant now) {
    ClaimUpdate update = claimUpdate(write.claim(), now);
    try {
      UpdateItemResponse response =
          dynamo.updateItem(
              r ->
                  r.tableName(claims)
                      .key(key(write.key().value()))
                      .updateExpression(update.expression())
                      .conditionExpression(UNCLAIMED)
                      .expressionAttributeValues(update.values())
                      .returnValues(ReturnValue.ALL_OLD)
                      .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
      meter.wrote(BatchReads.units(response.consumedCapacity()));
      return new CommitResult.Committed(pending(response.attributes()));
    } catch (ConditionalCheckFailedException e) {
      meter.wrote(1);
      return new CommitResult.Lost("key " + write.key().value() + " was claimed by another record");
    }
  }

  private CommitResult commitJoined(ClaimWrite.Joined write, Instant now) {
    List<TransactWriteItem> items = new ArrayList<>();
    ClaimUpdate update = claimUpdate(write.claim(), now);
    Map<String, AttributeValue> values = new HashMap<>(update.values());
    String pendingUnchanged;
    if (write.pendingSeen().isEmpty()) {
      pendingUnchanged = "attribute_not_exists(p)";
    } else {
      pendingUnchanged = "size(p) = :pending";
      values.put(":pending", AttributeValue.fromN(Integer.toString(write.pendingSeen().size())));
    }
    items.add(
        TransactWriteItem.builder()
            .update(
                u ->
                    u.tableName(claims)
                        .key(key(write.key().value()))
                        .updateExpression(update.expression())
                        .conditionExpression(UNCLAIMED + " AND " + pendingUnchanged)
                        .expressionAttributeValues(values))
            .build());
    write.user().ifPresent(user -> items.add(userPut(user)));
    write.marker()
        .ifPresent(
            marker ->
                items.add(
                    TransactWriteItem.builder()
                        .update(
                            u ->
                                u.tableName(claims)
                                    .key(key(marker.target().value()))
                                    .updateExpression("ADD p :ref")
                                    .conditionExpression(UNCLAIMED)
                                    .expressionAttributeValues(
                                        Map.of(
                                            ":ref", AttributeValue.fromSs(List.of(marker.reference())),
                                            ":now", AttributeValue.fromN(Long.toString(now.getEpochSecond())))))
                        .build()));
    try {
      var response =
          dynamo.transactWriteItems(r -> r.transactItems(items).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
      response.consumedCapacity().forEach(c -> meter.wrote(BatchReads.units(c)));
      return new CommitResult.Committed(write.pendingSeen());
    } catch (TransactionCanceledException e) {
      meter.wrote(2.0 * items.size()); // cancelled transactions are billed too
      return new CommitResult.Lost("transaction cancelled: " + reasons(e.cancellationReasons()));
    }
  }

  private TransactWriteItem userPut(ClaimWrite.UserWrite user) {
    UserState state = user.next();
    long expiresAt = state.activity().asOf().orElse(Instant.EPOCH).plus(userRetention).getEpochSecond();
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(TableSpec.PARTITION_KEY, AttributeValue.fromS(userKey(user.userToken())));
    item.put("v", AttributeValue.fromN(Long.toString(user.expectedVersion() + 1)));
    item.put("u", AttributeValue.fromS(StateJson.user(state)));
    item.put(TableSpec.TTL_ATTRIBUTE, AttributeValue.fromN(Long.toString(expiresAt)));
    return TransactWriteItem.builder()
        .put(
            p -> {
              p.tableName(users).item(item);
              if (user.expectedVersion() == 0) {
                p.conditionExpression("attribute_not_exists(pk)");
              } else {
                p.conditionExpression("v = :v")
                    .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(user.expectedVersion()))));
              }
            })
        .build();
  }

  private record ClaimUpdate(String expression, Map<String, AttributeValue> values) {}

  private static ClaimUpdate claimUpdate(Claim claim, Instant now) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":eid", AttributeValue.fromS(claim.eventId()));
    values.put(":fp", AttributeValue.fromS(claim.fingerprint()));
    values.put(":os", AttributeValue.fromS(claim.owner().shardId()));
    values.put(":oq", AttributeValue.fromS(claim.owner().paddedSequence()));
    values.put(":et", AttributeValue.fromN(Long.toString(claim.eventTime().toEpochMilli())));
    values.put(":d", AttributeValue.fromS(DecisionCodec.encode(claim.decision())));
    values.put(":exp", AttributeValue.fromN(Long.toString(claim.expiresAt().getEpochSecond())));
    values.put(":now", AttributeValue.fromN(Long.toString(now.getEpochSecond())));
    return new ClaimUpdate("SET eid = :eid, fp = :fp, os = :os, oq = :oq, et = :et, d = :d, expires_at = :exp", values);
  }

  private ClaimItem claimItem(DedupKey key, Map<String, AttributeValue> item) {
    Optional<Claim> claim = Optional.empty();
    if (item.containsKey("eid")) {
      String sequence = item.get("oq").s().replaceFirst("^0+(?=\\d)", "");
      claim =
          Optional.of(
              new Claim(
                  item.get("eid").s(),
                  item.get("fp").s(),
                  new SourcePosition(stream, item.get("os").s(), sequence),
                  Instant.ofEpochMilli(Long.parseLong(item.get("et").n())),
                  Instant.ofEpochSecond(Long.parseLong(item.get(TableSpec.TTL_ATTRIBUTE).n())),
                  DecisionCodec.decode(item.get("d").s())));
    }
    return new ClaimItem(key, claim, pending(item));
  }

  private static Set<String> pending(Map<String, AttributeValue> item) {
    AttributeValue p = item == null ? null : item.get("p");
    return p == null || !p.hasSs() ? Set.of() : new HashSet<>(p.ss());
  }

  private List<Map<String, AttributeValue>> batchGet(String table, Collection<String> pks) {
    return BatchReads.get(dynamo, table, pks.stream().map(DynamoClaimStore::key).toList(), meter);
  }

  private static Map<String, AttributeValue> key(String pk) {
    return Map.of(TableSpec.PARTITION_KEY, AttributeValue.fromS(pk));
  }

  private static String userKey(String token) {
    return "usr#" + token;
  }

  private static String reasons(List<CancellationReason> reasons) {
    return String.join(", ", reasons.stream().map(r -> String.valueOf(r.code())).toList());
  }
}
