package io.adstream.dedup.aws;

import io.adstream.config.AdstreamConfig;
import io.adstream.config.TableSpec;
import io.adstream.dedup.Claim;
import io.adstream.dedup.ClaimItem;
import io.adstream.dedup.ClaimStore;
import io.adstream.dedup.ClaimWrite;
import io.adstream.dedup.DedupKey;
import io.adstream.state.CapacityMeter;
import io.adstream.state.aws.BatchReads;
import io.adstream.stream.SourcePosition;
import java.time.Instant;
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
 * Claims and join state in the claims table.
 *
 * <p>Claim item: pk = the dedup key; {@code eid} event id, {@code fp} fingerprint, {@code
 * os}/{@code oq} owner shard and padded sequence number, {@code et} event time (ms), {@code d} the
 * decision, {@code p} the references parked on the key, {@code expires_at} (s). A claim is one
 * conditional UpdateItem; a claim that parks a join on another key is one TransactWriteItems with
 * that join, so that no parked reference exists without its claim.
 */
public final class DynamoClaimStore implements ClaimStore {
  private static final String UNCLAIMED = "(attribute_not_exists(eid) OR expires_at < :now)";

  private final DynamoDbClient dynamo;
  private final String stream;
  private final String claims;
  private final CapacityMeter meter;

  public DynamoClaimStore(DynamoDbClient dynamo, AdstreamConfig config, CapacityMeter meter) {
    this.dynamo = dynamo;
    this.stream = config.names().stream();
    this.claims = config.names().claimsTable();
    this.meter = meter;
  }

  @Override
  public Map<DedupKey, ClaimItem> readClaims(Collection<DedupKey> keys) {
    Map<String, DedupKey> byPk = new HashMap<>();
    keys.forEach(k -> byPk.put(k.value(), k));
    Map<DedupKey, ClaimItem> found = new HashMap<>();
    keys.forEach(k -> found.put(k, ClaimItem.unclaimed(k)));
    List<Map<String, AttributeValue>> pks =
        byPk.keySet().stream().map(DynamoClaimStore::key).toList();
    for (Map<String, AttributeValue> item : BatchReads.get(dynamo, claims, pks, meter)) {
      DedupKey key = byPk.get(item.get(TableSpec.PARTITION_KEY).s());
      found.put(key, claimItem(key, item));
    }
    return found;
  }

  @Override
  public CommitResult commit(ClaimWrite write, Instant now) {
    return switch (write) {
      case ClaimWrite.Standalone standalone ->
          updateClaim(standalone.key(), claimUpdate(standalone.claim(), now, Set.of()));
      case ClaimWrite.Joined joined -> commitJoined(joined, now);
    };
  }

  @Override
  public Optional<Claim> invalidate(DedupKey click, SourcePosition by) {
    String byKey = by.shardId() + "#" + by.paddedSequence();
    try {
      var response =
          dynamo.updateItem(
              r ->
                  r.tableName(claims)
                      .key(key(click.value()))
                      .updateExpression("SET inv = :by")
                      .conditionExpression(
                          "attribute_exists(eid) AND (attribute_not_exists(inv) OR inv = :by)")
                      .expressionAttributeValues(Map.of(":by", AttributeValue.fromS(byKey)))
                      // the claim carries what the retraction needs: no read before, no list in the
                      // flood group
                      .returnValues(ReturnValue.ALL_NEW)
                      .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
      meter.wrote(
          claims,
          CapacityMeter.itemKind(click.value()),
          BatchReads.units(response.consumedCapacity()));
      return claimItem(click, response.attributes()).claim();
    } catch (ConditionalCheckFailedException invalidatedByAnother) {
      meter.wrote(claims, CapacityMeter.itemKind(click.value()), 1);
      return Optional.empty();
    }
  }

  private CommitResult commitJoined(ClaimWrite.Joined write, Instant now) {
    ClaimUpdate update = claimUpdate(write.claim(), now, write.pendingSeen());
    if (write.marker().isEmpty()) {
      return updateClaim(write.key(), update);
    }
    ClaimWrite.PendingMarker marker = write.marker().get();
    List<TransactWriteItem> items =
        List.of(
            TransactWriteItem.builder()
                .update(
                    u ->
                        u.tableName(claims)
                            .key(key(write.key().value()))
                            .updateExpression(update.expression())
                            .conditionExpression(update.condition())
                            .expressionAttributeValues(update.values()))
                .build(),
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
                                    ":now",
                                        AttributeValue.fromN(Long.toString(now.getEpochSecond())))))
                .build());
    try {
      var response =
          dynamo.transactWriteItems(
              r -> r.transactItems(items).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
      // a transaction's units are not reported per item: they go to the claim's kind
      response
          .consumedCapacity()
          .forEach(
              c ->
                  meter.wrote(
                      c.tableName(),
                      CapacityMeter.itemKind(write.key().value()),
                      BatchReads.units(c)));
      return new CommitResult.Committed(write.pendingSeen());
    } catch (TransactionCanceledException e) {
      meter.wrote(
          claims,
          CapacityMeter.itemKind(write.key().value()),
          2.0 * items.size()); // cancelled transactions are billed too
      return new CommitResult.Lost("transaction cancelled: " + reasons(e.cancellationReasons()));
    }
  }

  private CommitResult updateClaim(DedupKey key, ClaimUpdate update) {
    try {
      UpdateItemResponse response =
          dynamo.updateItem(
              r ->
                  r.tableName(claims)
                      .key(key(key.value()))
                      .updateExpression(update.expression())
                      .conditionExpression(update.condition())
                      .expressionAttributeValues(update.values())
                      .returnValues(ReturnValue.ALL_OLD)
                      .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
      meter.wrote(
          claims,
          CapacityMeter.itemKind(key.value()),
          BatchReads.units(response.consumedCapacity()));
      return new CommitResult.Committed(pending(response.attributes()));
    } catch (ConditionalCheckFailedException e) {
      meter.wrote(
          claims, CapacityMeter.itemKind(key.value()), 1); // a failed condition is billed too
      return new CommitResult.Lost(
          "key "
              + key.value()
              + " was claimed by another record, or a join was parked on it meanwhile");
    }
  }

  private record ClaimUpdate(
      String expression, String condition, Map<String, AttributeValue> values) {}

  /**
   * Claims the key if it is unclaimed (or its claim expired) and still holds exactly the parked
   * references the decision saw: references are only ever added, so an unchanged count is an
   * unchanged set. A standalone claim sees none and takes whatever is parked ({@code pendingSeen}
   * empty, no condition on it).
   */
  private static ClaimUpdate claimUpdate(Claim claim, Instant now, Set<String> pendingSeen) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":eid", AttributeValue.fromS(claim.eventId()));
    values.put(":fp", AttributeValue.fromS(claim.fingerprint()));
    values.put(":os", AttributeValue.fromS(claim.owner().shardId()));
    values.put(":oq", AttributeValue.fromS(claim.owner().paddedSequence()));
    values.put(":et", AttributeValue.fromN(Long.toString(claim.eventTime().toEpochMilli())));
    values.put(":d", AttributeValue.fromS(DecisionCodec.encode(claim.decision())));
    values.put(":exp", AttributeValue.fromN(Long.toString(claim.expiresAt().getEpochSecond())));
    values.put(":now", AttributeValue.fromN(Long.toString(now.getEpochSecond())));
    String condition = UNCLAIMED;
    if (claim.decision() instanceof io.adstream.attribution.Decision.ClickDecision
        || claim.decision() instanceof io.adstream.attribution.Decision.ConversionDecision) {
      if (pendingSeen.isEmpty()) {
        condition += " AND attribute_not_exists(p)";
      } else {
        condition += " AND size(p) = :pending";
        values.put(":pending", AttributeValue.fromN(Integer.toString(pendingSeen.size())));
      }
    }
    return new ClaimUpdate(
        "SET eid = :eid, fp = :fp, os = :os, oq = :oq, et = :et, d = :d, expires_at = :exp",
        condition,
        values);
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

  private static Map<String, AttributeValue> key(String pk) {
    return Map.of(TableSpec.PARTITION_KEY, AttributeValue.fromS(pk));
  }

  private static String reasons(List<CancellationReason> reasons) {
    return String.join(", ", reasons.stream().map(r -> String.valueOf(r.code())).toList());
  }
}
