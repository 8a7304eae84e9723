package io.adstream.local.mapping;

import io.adstream.stream.SourceRecord;
import java.util.List;

/** Reads one shard in sequence order, from the mapping's starting position on. */
interface ShardReader {

  String shardId();

  /** The next records after the last ones returned, at most {@code limit}; possibly none. */
  ShardPoll poll(int limit) throws InterruptedException;

  /**
   * One read of a shard.
   *
   * @param caughtUp no records were returned because none are left to read right now
   * @param shardEnded the shard is closed and everything in it has been returned
   */
  record ShardPoll(List<SourceRecord> records, boolean caughtUp, boolean shardEnded) {
    public ShardPoll {
      records = List.copyOf(records);
    }
  }
}
