package io.adstream.flink.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adstream.dedup.Claim;
import io.adstream.dedup.ClaimItem;
import io.adstream.dedup.ClaimStore;
import io.adstream.dedup.ClaimWrite;
import io.adstream.dedup.DedupKey;
import io.adstream.dedup.aws.DecisionCodec;
import io.adstream.stream.SourcePosition;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.api.common.state.MapState;

/**
 * Claims and parked join references in Flink keyed state (a map state whose TTL is at least the
 * dedup window): the same conditions the DynamoDB store puts in its condition expressions, checked
 * in the one task that owns the state, so no other writer can come between a read and a commit.
 */
public final class FlinkClaimStore implements ClaimStore {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MapState<String, String> claims;
  private final MapState<String, String> invalidatedBy;
  private final String stream;

  /**
   * @param claims claim items by dedup key
   * @param invalidatedBy per flood-invalidated click, the position of the record that invalidated
   *     it
   */
  public FlinkClaimStore(
      MapState<String, String> claims, MapState<String, String> invalidatedBy, String stream) {
    this.claims = claims;
    this.invalidatedBy = invalidatedBy;
    this.stream = stream;
  }

  @Override
  public Map<DedupKey, ClaimItem> readClaims(Collection<DedupKey> keys) {
    Map<DedupKey, ClaimItem> found = new HashMap<>();
    keys.forEach(key -> found.put(key, item(key)));
    return found;
  }

  @Override
  public CommitResult commit(ClaimWrite write, Instant now) {
    ClaimItem own = item(write.key());
    if (claimedAt(own, now)) {
      return new CommitResult.Lost("key " + write.key().value() + " is claimed");
    }
    if (write instanceof ClaimWrite.Joined joined) {
      if (!own.pending().equals(joined.pendingSeen())) {
        return new CommitResult.Lost("references parked on " + write.key().value() + " changed");
      }
      if (joined.marker().isPresent() && claimedAt(item(joined.marker().get().target()), now)) {
        return new CommitResult.Lost(
            "key " + joined.marker().get().target().value() + " was claimed meanwhile");
      }
      joined
          .marker()
          .ifPresent(marker -> put(item(marker.target()).withPending(marker.reference())));
    }
    put(own.claimedBy(write.claim()));
    return new CommitResult.Committed(own.pending());
  }

  @Override
  public Optional<Claim> invalidate(DedupKey click, SourcePosition by) {
    Optional<Claim> claim = item(click).claim();
    if (claim.isEmpty()) {
      return Optional.empty();
    }
    String position = by.shardId() + "#" + by.paddedSequence();
    try {
      String first = invalidatedBy.get(click.value());
      if (first == null) {
        invalidatedBy.put(click.value(), position);
        return claim;
      }
      return claim.filter(c -> first.equals(position));
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot read or write the invalidation of " + click.value(), e);
    }
  }

  private static boolean claimedAt(ClaimItem item, Instant now) {
    return item.claim().filter(c -> c.isLive(now)).isPresent();
  }

  private ClaimItem item(DedupKey key) {
    String stored;
    try {
      stored = claims.get(key.value());
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot read the claim of " + key.value() + " from Flink state", e);
    }
    return stored == null ? ClaimItem.unclaimed(key) : decode(key, stored);
  }

  private void put(ClaimItem item) {
    try {
      claims.put(item.key().value(), encode(item));
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot write the claim of " + item.key().value() + " to Flink state", e);
    }
  }

  private static String encode(ClaimItem item) {
    ObjectNode node = JSON.createObjectNode();
    item.claim()
        .ifPresent(
            claim -> {
              node.put("eid", claim.eventId());
              node.put("fp", claim.fingerprint());
              node.put("os", claim.owner().shardId());
              node.put("oq", claim.owner().sequenceNumber());
              node.put("et", claim.eventTime().toEpochMilli());
              node.put("exp", claim.expiresAt().toEpochMilli());
              node.put("d", DecisionCodec.encode(claim.decision()));
            });
    item.pending().stream().sorted().forEach(node.putArray("p")::add);
    return node.toString();
  }

  private ClaimItem decode(DedupKey key, String stored) {
    JsonNode node;
    try {
      node = JSON.readTree(stored);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("the stored claim of " + key.value() + " is not JSON", e);
    }
    Optional<Claim> claim = Optional.empty();
    if (node.has("eid")) {
      claim =
          Optional.of(
              new Claim(
                  node.get("eid").asText(),
                  node.get("fp").asText(),
                  new SourcePosition(stream, node.get("os").asText(), node.get("oq").asText()),
                  Instant.ofEpochMilli(node.get("et").asLong()),
                  Instant.ofEpochMilli(node.get("exp").asLong()),
                  DecisionCodec.decode(node.get("d").asText())));
    }
    Set<String> pending = new HashSet<>();
    node.path("p").forEach(reference -> pending.add(reference.asText()));
    return new ClaimItem(key, claim, pending);
  }
}
