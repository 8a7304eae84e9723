package io.adstream.flink;

import io.adstream.config.AdstreamConfig;
import io.adstream.config.ResourceNames;
import java.io.Serializable;
import java.util.List;

/**
 * The Kafka topics of the job, named from the shared configuration's prefix as every other resource
 * is: the input carries the event contract (the Kinesis stream's name), the outputs what the Lambda
 * stack lands in the lake and publishes.
 *
 * @param events raw event records, one per message
 * @param enriched accepted events, masked, as the lake's enriched/ lines
 * @param attribution join outcomes and flood invalidations, as attribution/ lines
 * @param quarantine quarantined records with their sealed bytes and reasons, as quarantine/ lines
 * @param late the enriched lines of late events, again: the late side output
 * @param alerts per-event alerts, each id once, as the alert topic's messages
 * @param state the serving state's changelog: each item as its DynamoDB table holds it, keyed by
 *     table and key
 * @param totals the running outcome counts of the job
 */
public record Topics(
    String events,
    String enriched,
    String attribution,
    String quarantine,
    String late,
    String alerts,
    String state,
    String totals)
    implements Serializable {

  public static Topics of(AdstreamConfig config) {
    ResourceNames names = config.names();
    String p = names.prefix();
    return new Topics(
        names.stream(),
        p + "-enriched",
        p + "-attribution",
        p + "-quarantine",
        p + "-late",
        p + "-alerts",
        p + "-state",
        p + "-totals");
  }

  public List<String> outputs() {
    return List.of(enriched, attribution, quarantine, late, alerts, state, totals);
  }
}
