package io.adstream.landing;

import java.util.List;
import java.util.Map;

/**
 * Lands JSON lines in the lake, at least once: a line may land twice after a retry, and carries its
 * ids for readers to deduplicate (guarantee 7 (docs/guarantees.md)).
 */
public interface LandingSink {

  /** Lands every line or throws; lines are single-line JSON without the newline. */
  void land(Map<LakeDestination, List<byte[]>> lines);
}
