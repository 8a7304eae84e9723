package io.adstream.migration.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adstream.config.AdstreamConfig;
import io.adstream.config.ResourceNames;
import io.adstream.generator.CrawlerList;
import io.adstream.migration.LakeObjects;
import io.adstream.migration.LakeObjects.LakeObject;
import io.adstream.reconcile.CampaignTotals;
import io.adstream.reconcile.TableRow;
import io.adstream.reconcile.TimeRange;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recomputes the batch job's per-campaign table from the data lake, as the Glue job would: from the
 * accepted events under {@code enriched/}, by plain in-memory code that follows docs/semantics.md
 * and shares nothing with the streaming processor. Used as the reference in tests and as the
 * fallback while streaming is paused.
 *
 * <ul>
 *   <li>Landing is at least once: an event landed twice (same dedup key) counts once.
 *   <li>Lateness is recomputed per shard from the records' shard and sequence numbers (each shard's
 *       event-time watermark in processing order); the stream's own {@code late} flags are only
 *       compared, and disagreements reported.
 *   <li>Invalid clicks (crawler user agent, device or IP flood in an event-time minute),
 *       attribution of conversions (by click_id, else the user's last click within the lookback)
 *       and the sums follow docs/semantics.md.
 * </ul>
 *
 * Conversions look back up to {@code windows.conversionLookback} for their click, so events from
 * that long (plus the allowed lateness) before the range are read too; later ones because they move
 * watermarks.
 */
public final class LakeBatchJob {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern EVENT_DATE = Pattern.compile("(?:^|/)dt=(\\d{4}-\\d{2}-\\d{2})/");
  private static final Pattern ARRIVAL_DATE =
      Pattern.compile("(?:^|/)(\\d{4})/(\\d{2})/(\\d{2})/\\d{2}/");
  private static final Pattern EVENT_TYPE = Pattern.compile("(?:^|/)event_type=([a-z_]+)/");
  private static final List<String> TYPES = List.of("impression", "click", "conversion");

  private final AdstreamConfig config;
  private final CrawlerList crawlers;

  public LakeBatchJob(AdstreamConfig config, CrawlerList crawlers) {
    this.config = config;
    this.crawlers = crawlers;
  }

  /** What one run computed, and what it noticed on the way. */
  public record Result(
      List<TableRow> rows,
      long objectsRead,
      long linesRead,
      long eventsInRange,
      long landedTwice,
      long lateDisagreements) {}

  private record Event(
      String type,
      String key,
      String shard,
      BigInteger sequence,
      Instant arrival,
      Instant time,
      JsonNode line) {}

  private static final Comparator<Event> PROCESSING_ORDER =
      Comparator.comparing(Event::arrival)
          .thenComparing(Event::shard)
          .thenComparing(Event::sequence);

  private record Click(
      String clickId,
      String campaignId,
      String userId,
      Instant time,
      long costMicros,
      boolean late,
      boolean crawler) {}

  /**
   * The per-campaign rows of every UTC day (or hour, when {@code hourly}) of the range.
   *
   * @throws IllegalArgumentException naming the object and line of an unreadable enriched line
   */
  public Result run(LakeObjects lake, TimeRange range, boolean hourly) {
    Instant readFrom =
        range
            .from()
            .minus(config.windows().conversionLookback())
            .minus(config.windows().allowedLateness());
    List<String> keys =
        lake.keys(ResourceNames.ENRICHED_PREFIX, key -> worthReading(key, readFrom));
    Map<String, Event> byKey = new LinkedHashMap<>();
    long lines = 0;
    long landedTwice = 0;
    for (String key : keys) {
      LakeObject object = lake.read(key);
      List<byte[]> objectLines = object.lines();
      for (int i = 0; i < objectLines.size(); i++) {
        lines++;
        Optional<Event> event = parse(object.name(), i + 1, objectLines.get(i));
        if (event.isEmpty() || event.get().time().isBefore(readFrom)) {
          continue;
        }
        Event previous = byKey.putIfAbsent(event.get().key(), event.get());
        if (previous != null) {
          landedTwice++;
          if (processedBefore(event.get(), previous)) {
            byKey.put(event.get().key(), event.get());
          }
        }
      }
    }
    Map<String, Boolean> late = lateness(byKey.values());
    long disagreements =
        byKey.values().stream()
            .filter(
                e ->
                    e.line().path("late").isBoolean()
                        && e.line().get("late").asBoolean() != late.get(e.key()))
            .count();
    Sums sums = new Sums(range, hourly);
    long inRange = aggregate(byKey.values(), late, sums);
    return new Result(sums.rows(), keys.size(), lines, inRange, landedTwice, disagreements);
  }

  /**
   * Skips objects whose partition shows they hold only events older than needed, and types that add
   * nothing.
   */
  private static boolean worthReading(String key, Instant readFrom) {
    Matcher type = EVENT_TYPE.matcher(key);
    if (type.find() && !TYPES.contains(type.group(1))) {
      return false;
    }
    Matcher eventDate = EVENT_DATE.matcher(key);
    if (eventDate.find()) {
      return !LocalDate.parse(eventDate.group(1))
          .isBefore(readFrom.atZone(ZoneOffset.UTC).toLocalDate());
    }
    Matcher arrival = ARRIVAL_DATE.matcher(key);
    if (arrival.find()) {
      // arrival partitions: an event arrives at most windows.futureTolerance (< 1 h) before its
      // event time
      LocalDate date =
          LocalDate.of(
              Integer.parseInt(arrival.group(1)),
              Integer.parseInt(arrival.group(2)),
              Integer.parseInt(arrival.group(3)));
      return !date.isBefore(
          readFrom.minus(Duration.ofHours(1)).atZone(ZoneOffset.UTC).toLocalDate());
    }
    return true;
  }

  private static Optional<Event> parse(String object, int lineNumber, byte[] bytes) {
    JsonNode line;
    try {
      line = JSON.readTree(bytes);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          object + ":" + lineNumber + ": not a JSON line: " + e.getMessage());
    }
    String type = text(object, lineNumber, line, "event_type");
    if (!TYPES.contains(type)) {
      return Optional.empty();
    }
    String id = text(object, lineNumber, line, type + "_id");
    String sequence = text(object, lineNumber, line, "sequence_number");
    try {
      return Optional.of(
          new Event(
              type,
              type + ":" + id,
              text(object, lineNumber, line, "shard_id"),
              new BigInteger(sequence),
              time(line.get("arrival_time")),
              time(line.get("event_time")),
              line));
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new IllegalArgumentException(
          object
              + ":"
              + lineNumber
              + ": event_time, arrival_time or sequence_number unreadable: "
              + e.getMessage());
    }
  }

  private static String text(String object, int lineNumber, JsonNode line, String field) {
    JsonNode value = line.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException(
          object + ":" + lineNumber + ": field " + field + " is missing: not an enriched line");
    }
    return value.asText();
  }

  private static Instant time(JsonNode value) {
    if (value == null || value.isNull()) {
      throw new DateTimeParseException("missing", "", 0);
    }
    return value.isNumber()
        ? Instant.ofEpochMilli(value.asLong())
        : OffsetDateTime.parse(value.asText()).toInstant();
  }

  /**
   * Two landings of one key: the one processed first claimed it (by arrival, then shard and
   * sequence).
   */
  private static boolean processedBefore(Event a, Event b) {
    return PROCESSING_ORDER.compare(a, b) < 0;
  }

  /**
   * Per shard in sequence order: late when more than the allowed lateness behind the shard's
   * watermark.
   */
  private Map<String, Boolean> lateness(java.util.Collection<Event> events) {
    long allowed = config.windows().allowedLateness().toMillis();
    Map<String, List<Event>> byShard = new TreeMap<>();
    events.forEach(e -> byShard.computeIfAbsent(e.shard(), s -> new ArrayList<>()).add(e));
    Map<String, Boolean> late = new HashMap<>();
    for (List<Event> shard : byShard.values()) {
      shard.sort(Comparator.comparing(Event::sequence));
      long watermark = Long.MIN_VALUE;
      for (Event e : shard) {
        long time = e.time().toEpochMilli();
        late.put(e.key(), watermark != Long.MIN_VALUE && watermark - time > allowed);
        watermark = Math.max(watermark, time);
      }
    }
    return late;
  }

  private long aggregate(java.util.Collection<Event> events, Map<String, Boolean> late, Sums sums) {
    int maxClicks = config.alerts().clickFlood().maxClicksPerMinute();
    Map<String, Integer> clicksPerDeviceMinute = new HashMap<>();
    Map<String, Integer> clicksPerIpMinute = new HashMap<>();
    // a late click counts towards no flood, and no flood makes it invalid
    for (Event e : events) {
      if (e.type().equals("click") && !late.get(e.key())) {
        clicksPerDeviceMinute.merge(
            field(e, "device_id") + "@" + minute(e.time()), 1, Integer::sum);
        clicksPerIpMinute.merge(field(e, "ip") + "@" + minute(e.time()), 1, Integer::sum);
      }
    }
    Map<String, Click> clicksById = new HashMap<>();
    Map<String, List<Click>> creditableByUser = new HashMap<>();
    long inRange = 0;
    for (Event e : events) {
      boolean counted = sums.range.contains(e.time());
      inRange += counted ? 1 : 0;
      switch (e.type()) {
        case "impression" -> {
          if (counted) {
            sums.add(
                field(e, "campaign_id"),
                e.time(),
                new CampaignTotals(1, 0, 0, money(e, "cost_micros"), 0));
          }
        }
        case "click" -> {
          boolean crawler = crawlers.matches(field(e, "user_agent"));
          boolean flood =
              clicksPerDeviceMinute.getOrDefault(field(e, "device_id") + "@" + minute(e.time()), 0)
                      > maxClicks
                  || clicksPerIpMinute.getOrDefault(field(e, "ip") + "@" + minute(e.time()), 0)
                      > maxClicks;
          Click click =
              new Click(
                  field(e, "click_id"),
                  field(e, "campaign_id"),
                  field(e, "user_id"),
                  e.time(),
                  money(e, "cost_micros"),
                  late.get(e.key()),
                  crawler);
          clicksById.put(click.clickId(), click);
          if (!click.late() && !crawler) {
            creditableByUser.computeIfAbsent(click.userId(), u -> new ArrayList<>()).add(click);
          }
          if (counted && !crawler && !flood) {
            sums.add(
                click.campaignId(), e.time(), new CampaignTotals(0, 1, 0, click.costMicros(), 0));
          }
        }
        default -> {} // conversions below, once every click is known
      }
    }
    long lookback = config.windows().conversionLookback().toMillis();
    for (Event e : events) {
      if (!e.type().equals("conversion") || !sums.range.contains(e.time()) || late.get(e.key())) {
        continue;
      }
      long time = e.time().toEpochMilli();
      Optional<String> clickId =
          e.line().path("click_id").isTextual()
              ? Optional.of(e.line().get("click_id").asText())
              : Optional.empty();
      Optional<Click> credited =
          clickId.isPresent()
              ? Optional.ofNullable(clicksById.get(clickId.get()))
                  .filter(c -> !c.late() && !c.crawler() && within(c, time, lookback))
              : creditableByUser.getOrDefault(field(e, "user_id"), List.of()).stream()
                  .filter(c -> within(c, time, lookback))
                  .max(Comparator.comparing(Click::time).thenComparing(Click::clickId));
      credited.ifPresent(
          c ->
              sums.add(
                  c.campaignId(),
                  e.time(),
                  new CampaignTotals(0, 0, 1, 0, money(e, "value_micros"))));
    }
    return inRange;
  }

  private static boolean within(Click click, long conversionTime, long lookback) {
    long delay = conversionTime - click.time().toEpochMilli();
    return delay >= 0 && delay <= lookback;
  }

  private static long minute(Instant time) {
    return Math.floorDiv(time.toEpochMilli(), 60_000L);
  }

  private static String field(Event e, String name) {
    JsonNode value = e.line().get(name);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException(e.type() + " " + e.key() + " in the lake has no " + name);
    }
    return value.asText();
  }

  private static long money(Event e, String name) {
    JsonNode value = e.line().get(name);
    if (value == null || !value.canConvertToExactIntegral()) {
      throw new IllegalArgumentException(
          e.type() + " " + e.key() + " in the lake has no integer " + name);
    }
    return value.asLong();
  }

  /** Totals per (day or hour, campaign). */
  private static final class Sums {
    final TimeRange range;
    final boolean hourly;
    final Map<String, Map<Instant, CampaignTotals>> byCampaign = new TreeMap<>();

    Sums(TimeRange range, boolean hourly) {
      this.range = range;
      this.hourly = hourly;
    }

    void add(String campaign, Instant time, CampaignTotals totals) {
      Instant period =
          time.truncatedTo(
              hourly ? java.time.temporal.ChronoUnit.HOURS : java.time.temporal.ChronoUnit.DAYS);
      byCampaign
          .computeIfAbsent(campaign, c -> new TreeMap<>())
          .merge(period, totals, CampaignTotals::plus);
    }

    List<TableRow> rows() {
      List<TableRow> rows = new ArrayList<>();
      byCampaign.forEach(
          (campaign, periods) ->
              periods.forEach(
                  (start, totals) -> {
                    var at = start.atZone(ZoneOffset.UTC);
                    rows.add(
                        new TableRow(
                            at.toLocalDate(),
                            hourly ? OptionalInt.of(at.getHour()) : OptionalInt.empty(),
                            campaign,
                            totals));
                  }));
      rows.sort(TableRow.TABLE_ORDER);
      return rows;
    }
  }
}
