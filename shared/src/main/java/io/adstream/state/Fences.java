package io.adstream.state;

import io.adstream.stream.SourcePosition;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per shard, the sequence number of the last record whose contribution an item already includes. A
 * record at or below its shard's fence has been applied to the item: applying it again would count
 * it twice. Sequence numbers are kept padded so that string order is numeric order.
 */
public record Fences(Map<String, String> byShard) {
  public static final Fences NONE = new Fences(Map.of());

  public Fences {
    byShard = Map.copyOf(byShard);
  }

  public boolean covers(SourcePosition position) {
    String fence = byShard.get(position.shardId());
    return fence != null && SourcePosition.compareSequences(fence, position.sequenceNumber()) >= 0;
  }

  /** Whether the item includes a record of {@code position}'s shard that comes after it. */
  public boolean isPast(SourcePosition position) {
    String fence = byShard.get(position.shardId());
    return fence != null && SourcePosition.compareSequences(fence, position.sequenceNumber()) > 0;
  }

  public Fences advancedTo(SourcePosition position) {
    if (covers(position)) {
      return this;
    }
    Map<String, String> next = new TreeMap<>(byShard);
    next.put(position.shardId(), position.paddedSequence());
    return new Fences(next);
  }
}
