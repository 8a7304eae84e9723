package io.adstream.generator;

import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * The traffic the simulated producers emit, before delivery effects.
 *
 * @param events every event, in creation order (the tie-break of equal event times)
 * @param pinned indexes of events that planted patterns rely on: delivered as they are, never
 *     defective
 * @param forcedDelays how long (ms) the delivery of some pinned events is held back after their
 *     event time
 * @param botClicks indexes of the clicks made by crawlers
 */
record BaseTraffic(
    List<TrafficEvent> events,
    BitSet pinned,
    Map<Integer, Long> forcedDelays,
    List<Integer> botClicks,
    List<InjectedPattern> patterns) {}
