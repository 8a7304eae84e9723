package io.adstream.generator;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the generator planted, by its own account: the truth file keeps it beside the independent
 * evaluation of the emitted lines, so that each can be checked against the other.
 *
 * @param baseRecords records the producers emitted once, by event type (before duplication)
 * @param malformed the lines (1-based) that carry a defect, with the reason each must be
 *     quarantined for
 * @param duplicates records sent a second time, byte for byte
 * @param idConflicts records whose ids were sent again with a changed payload
 * @param outOfOrder records held back behind newer ones (planted restatement swaps not included)
 * @param late records delivered more than 2 x allowedLateness behind the newest event time
 * @param botClicks clicks made by crawlers
 */
public record GenerationReport(
    Map<String, Long> baseRecords,
    List<MalformedLine> malformed,
    int duplicates,
    int idConflicts,
    int outOfOrder,
    int late,
    int botClicks,
    List<InjectedPattern> patterns) {

  public record MalformedLine(int line, String reason) {}

  public GenerationReport {
    baseRecords = Collections.unmodifiableMap(new TreeMap<>(baseRecords));
    malformed = List.copyOf(malformed);
    patterns = List.copyOf(patterns);
  }
}
