package io.adstream.local.harness;

import io.adstream.state.CapacityMeter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a run's DynamoDB write units went, by the event types whose records write each item kind:
 * claims of impressions, clicks (with their flood groups), conversions, campaign logs and
 * search-ads rows; the user and device items clicks and conversions update; and the items every
 * batch updates whatever its records are (minute aggregates and their hour roll-ups, source
 * activity with the shard's watermark) or alerts raise.
 */
public final class WriteUnitsByType {
  /** The event types (wire names) whose records write one group of item kinds. */
  public record Group(String name, List<String> eventTypes, List<String> itemKinds) {}

  public static final List<Group> GROUPS =
      List.of(
          new Group("impression", List.of("impression"), List.of("imp")),
          new Group("click", List.of("click"), List.of("clk", "fl")),
          new Group("conversion", List.of("conversion"), List.of("cnv")),
          new Group(
              "click+conversion state", List.of("click", "conversion"), List.of("usr", "dev")),
          new Group(
              "campaign_update+sem_stats",
              List.of("campaign_update", "sem_stats"),
              List.of("evt", "settings", "sem")),
          // and alert claims, whose kind is their rule: every kind no other group names
          new Group("per batch and alerts", List.of(), List.of("m", "h", "src")));

  /**
   * A group's units in total and per accepted event of its types (of every type for the shared
   * group).
   */
  public record Share(Group group, double units, long events, Map<String, Double> byItem) {
    public double perEvent() {
      return events == 0 ? 0 : units / events;
    }

    public String describe() {
      return String.format(
          Locale.ROOT,
          "%s %.3f per event (%,.0f units / %,d; %s)",
          group.name(),
          perEvent(),
          units,
          events,
          String.join(
              ", ",
              byItem.entrySet().stream()
                  .map(
                      e ->
                          String.format(
                              Locale.ROOT,
                              "%s %.3f",
                              e.getKey(),
                              events == 0 ? 0 : e.getValue() / events))
                  .toList()));
    }
  }

  private WriteUnitsByType() {}

  /**
   * @param writeUnitsByItem units keyed {@code table/kind}, as {@link
   *     CapacityMeter#writeUnitsByItem()}
   * @param acceptedByType accepted events per event type
   */
  public static List<Share> of(
      Map<String, Double> writeUnitsByItem, Map<String, Long> acceptedByType) {
    long accepted = acceptedByType.values().stream().mapToLong(Long::longValue).sum();
    Map<Group, Map<String, Double>> byGroup = new LinkedHashMap<>();
    GROUPS.forEach(g -> byGroup.put(g, new TreeMap<>()));
    Group shared = GROUPS.get(GROUPS.size() - 1);
    writeUnitsByItem.forEach(
        (item, units) -> {
          String kind = item.substring(item.indexOf(CapacityMeter.ITEM_SEPARATOR) + 1);
          Group group =
              GROUPS.stream().filter(g -> g.itemKinds().contains(kind)).findFirst().orElse(shared);
          byGroup.get(group).merge(item, units, Double::sum);
        });
    return byGroup.entrySet().stream()
        .map(
            e -> {
              Group group = e.getKey();
              long events =
                  group.eventTypes().isEmpty()
                      ? accepted
                      : group.eventTypes().stream()
                          .mapToLong(t -> acceptedByType.getOrDefault(t, 0L))
                          .sum();
              double units = e.getValue().values().stream().mapToDouble(Double::doubleValue).sum();
              return new Share(group, units, events, e.getValue());
            })
        .toList();
  }
}
