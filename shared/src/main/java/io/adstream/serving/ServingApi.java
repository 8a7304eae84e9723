package io.adstream.serving;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adstream.aggregation.AggregateReader;
import io.adstream.aggregation.Measures;
import io.adstream.alerts.Alert;
import io.adstream.alerts.AlertFeed;
import io.adstream.campaigns.CampaignDirectory;
import io.adstream.campaigns.CampaignProfile;
import io.adstream.features.FeatureEntity;
import io.adstream.features.FeatureReader;
import io.adstream.features.FeatureVector;
import io.adstream.pii.PiiToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The read API of dashboards and ML models, over the reader ports: routing, parameter validation,
 * response shaping, ETags. Carried by the Lambda handler in AWS and by {@code adstream serve}
 * locally; both hand it the same requests.
 *
 * <ul>
 *   <li>{@code GET /v1/campaigns?limit=&cursor=}: campaigns with today's (UTC) totals
 *   <li>{@code GET /v1/campaigns/{id}/metrics?from=&to=&granularity=minute|hour|day}: up to 7 days
 *       by minute, 92 by hour, 732 by day ({@link Granularity}), hour and day series from the hour
 *       items
 *   <li>{@code GET /v1/features/{user|device}/{token}}
 *   <li>{@code GET /v1/alerts?since=&rule=&campaign=&limit=&cursor=}
 * </ul>
 *
 * <p>Nothing here can return personal data: users and devices exist in the state only as keyed
 * tokens, and the features endpoint accepts nothing but a token.
 */
public final class ServingApi {
  static final ObjectMapper JSON = JsonMapper.builder().build();
  static final int MAX_CAMPAIGNS_PAGE = 500;
  static final int MAX_ALERTS_PAGE = 500;

  /**
   * How far back the alert feed reaches: the alerts table keeps nothing older than its retention
   * anyway.
   */
  static final Duration MAX_ALERT_LOOKBACK = Duration.ofDays(31);

  /** How long the campaign list reuses today's totals: below its max-age of 2 s. */
  static final Duration TOTALS_MAX_AGE = Duration.ofSeconds(1);

  private final AggregateReader aggregates;
  private final AlertFeed alerts;
  private final FeatureReader features;
  private final CampaignDirectory campaigns;
  private final Clock clock;
  private final Duration settledAfter;
  private final RecentTotals today;

  private ServingApi(Builder builder) {
    this.aggregates = Objects.requireNonNull(builder.aggregates, "aggregates");
    this.alerts = Objects.requireNonNull(builder.alerts, "alerts");
    this.features = Objects.requireNonNull(builder.features, "features");
    this.campaigns = Objects.requireNonNull(builder.campaigns, "campaigns");
    this.clock = Objects.requireNonNull(builder.clock, "clock");
    this.settledAfter = Objects.requireNonNull(builder.settledAfter, "settledAfter");
    this.today = new RecentTotals(aggregates, clock, TOTALS_MAX_AGE);
  }

  public static Builder builder() {
    return new Builder();
  }

  public ApiResponse handle(ApiRequest request) {
    try {
      List<String> segments = segments(request.path());
      if (segments.size() < 2 || !segments.get(0).equals("v1")) {
        return error(
            404, "not_found", "no such resource: " + Parameters.abbreviated(request.path()));
      }
      if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
        return new ApiResponse(
            405,
            Map.of("Content-Type", "application/json", "Allow", "GET, HEAD"),
            errorBody("method_not_allowed", "read-only API: use GET"));
      }
      Optional<Body> body =
          switch (segments.get(1)) {
            case "campaigns" ->
                segments.size() == 2
                    ? Optional.of(campaignList(request))
                    : segments.size() == 4 && segments.get(3).equals("metrics")
                        ? Optional.of(metrics(segments.get(2), request))
                        : Optional.empty();
            case "features" ->
                segments.size() == 4
                    ? Optional.of(features(segments.get(2), segments.get(3), request))
                    : Optional.empty();
            case "alerts" ->
                segments.size() == 2 ? Optional.of(alertFeed(request)) : Optional.empty();
            default -> Optional.empty();
          };
      if (body.isEmpty()) {
        return error(
            404, "not_found", "no such resource: " + Parameters.abbreviated(request.path()));
      }
      return body.get().respond(request);
    } catch (BadParameterException e) {
      ObjectNode json =
          JSON.createObjectNode()
              .put("error", "bad_parameter")
              .put("parameter", e.parameter())
              .put("message", e.getMessage());
      return new ApiResponse(
          400,
          Map.of("Content-Type", "application/json", "Cache-Control", "no-store"),
          write(json));
    } catch (NotFound e) {
      return error(404, "not_found", e.getMessage());
    }
  }

  private Body campaignList(ApiRequest request) {
    Parameters params = new Parameters(request.query(), Set.of("limit", "cursor"));
    int limit = params.limit(100, MAX_CAMPAIGNS_PAGE);
    Optional<String> after = params.cursor();
    Instant now = clock.instant();
    Instant dayStart =
        now.atOffset(ZoneOffset.UTC).toLocalDate().atStartOfDay().toInstant(ZoneOffset.UTC);
    Map<String, Measures> today = this.today.totals(dayStart, dayStart.plus(Duration.ofDays(1)));
    SortedMap<String, CampaignProfile> profiles = campaigns.campaigns();
    TreeSet<String> ids = new TreeSet<>(profiles.keySet());
    ids.addAll(today.keySet());
    List<String> page =
        new ArrayList<>((after.isPresent() ? ids.tailSet(after.get(), false) : ids));
    ObjectNode json = JSON.createObjectNode();
    json.put("day", dayStart.atOffset(ZoneOffset.UTC).toLocalDate().toString());
    json.put("as_of", now.toString());
    ArrayNode list = json.putArray("campaigns");
    for (String id : page.subList(0, Math.min(limit, page.size()))) {
      ObjectNode campaign = list.addObject().put("campaign_id", id);
      Optional.ofNullable(profiles.get(id))
          .ifPresentOrElse(
              p ->
                  campaign
                      .put("name", p.name())
                      .put("status", p.status())
                      .put("daily_budget_micros", p.dailyBudgetMicros())
                      .put("currency", p.currency()),
              () ->
                  campaign
                      .putNull("name")
                      .putNull("status")
                      .putNull("daily_budget_micros")
                      .putNull("currency"));
      MeasuresJson.write(today.getOrDefault(id, Measures.ZERO), campaign.putObject("today"));
    }
    putNextCursor(json, page.size() > limit ? Optional.of(page.get(limit - 1)) : Optional.empty());
    return new Body(json, Caching.LIVE);
  }

  private Body metrics(String rawCampaignId, ApiRequest request) {
    String campaignId =
        pathParameter(
            "id",
            rawCampaignId,
            Parameters.CAMPAIGN_ID,
            "a campaign id of 1-128 letters, digits, '.', '_', ':' or '-'");
    Parameters params = new Parameters(request.query(), Set.of("from", "to", "granularity"));
    Granularity granularity =
        params
            .text("granularity")
            .map(
                g -> {
                  try {
                    return Granularity.valueOf(g.toUpperCase(java.util.Locale.ROOT));
                  } catch (IllegalArgumentException e) {
                    throw new BadParameterException(
                        "granularity",
                        "must be minute, hour or day, was '" + Parameters.abbreviated(g) + "'");
                  }
                })
            .orElse(Granularity.MINUTE);
    Instant now = clock.instant();
    Instant to = granularity.ceil(params.instant("to").orElse(now.plusMillis(1)));
    Instant from =
        granularity.floor(params.instant("from").orElse(to.minus(granularity.defaultRange())));
    if (!from.isBefore(to)) {
      throw new BadParameterException("from", "must be before to (" + to + "), was " + from);
    }
    if (Duration.between(from, to).compareTo(granularity.maxRange()) > 0) {
      throw new BadParameterException(
          "to",
          "a "
              + granularity.wireName()
              + " series spans at most "
              + granularity.maxRange().toDays()
              + " days; narrow from..to or coarsen granularity");
    }
    TreeMap<Instant, Measures> points = new TreeMap<>();
    for (Instant at = from; at.isBefore(to); at = at.plus(granularity.step())) {
      points.put(at, Measures.ZERO);
    }
    Measures total = Measures.ZERO;
    for (Map.Entry<Instant, Measures> read : read(campaignId, granularity, from, to).entrySet()) {
      points.merge(granularity.floor(read.getKey()), read.getValue(), Measures::plus);
      total = total.plus(read.getValue());
    }
    ObjectNode json = JSON.createObjectNode();
    json.put("campaign_id", campaignId)
        .put("granularity", granularity.wireName())
        .put("from", from.toString())
        .put("to", to.toString());
    MeasuresJson.write(total, json.putObject("totals"));
    ArrayNode series = json.putArray("points");
    points.forEach(
        (at, measures) ->
            MeasuresJson.write(measures, series.addObject().put("start", at.toString())));
    // a range that ended longer ago than the allowed lateness changes only by a replay or redrive
    return new Body(json, to.isBefore(now.minus(settledAfter)) ? Caching.SETTLED : Caching.LIVE);
  }

  /**
   * A campaign's measures in [from, to) by the start of what was read: minutes for a minute series,
   * the hour roll-ups for hour and day series (from and to are whole hours then), one item per hour
   * instead of sixty.
   */
  private SortedMap<Instant, Measures> read(
      String campaignId, Granularity granularity, Instant from, Instant to) {
    if (granularity != Granularity.MINUTE) {
      return aggregates.hours(campaignId, from, to);
    }
    SortedMap<Instant, Measures> minutes = new TreeMap<>();
    aggregates
        .minutes(campaignId, from, to)
        .forEach((at, measures) -> minutes.put(at.start(), measures));
    return minutes;
  }

  private Body features(String rawEntity, String rawToken, ApiRequest request) {
    new Parameters(request.query(), Set.of());
    FeatureEntity entity =
        FeatureEntity.of(decode("entity", rawEntity))
            .orElseThrow(
                () ->
                    new BadParameterException(
                        "entity",
                        "must be user or device, was '" + Parameters.abbreviated(rawEntity) + "'"));
    String token = decode("token", rawToken);
    if (!PiiToken.isToken(token)) {
      // a raw user id, device id or IP is never looked up: the state holds tokens only
      throw new BadParameterException(
          "token",
          "must be a PII token (k<version>.<22 base64url characters>), not a raw identifier");
    }
    FeatureVector vector =
        features
            .read(entity, token)
            .orElseThrow(() -> new NotFound("no features for this " + entity.wireName()));
    Instant now = clock.instant();
    ObjectNode json =
        JSON.createObjectNode()
            .put("entity", entity.wireName())
            .put("token", token)
            .put("as_of", vector.asOf().toString());
    ObjectNode values = json.putObject("features");
    values
        .put("clicks_1h", vector.clicks1h())
        .put("clicks_24h", vector.clicks24h())
        .put("conversions_7d", vector.conversions7d());
    vector
        .lastClick()
        .ifPresentOrElse(
            last -> values.put("last_click", last.toString()), () -> values.putNull("last_click"));
    json.put("served_at", now.toString());
    return new Body(json, Caching.REVALIDATE);
  }

  private Body alertFeed(ApiRequest request) {
    Parameters params =
        new Parameters(request.query(), Set.of("since", "rule", "campaign", "limit", "cursor"));
    Instant now = clock.instant();
    Instant since = params.instant("since").orElse(now.minus(Duration.ofDays(1)));
    if (since.isAfter(now)) {
      throw new BadParameterException("since", "is in the future: " + since);
    }
    if (since.isBefore(now.minus(MAX_ALERT_LOOKBACK))) {
      throw new BadParameterException(
          "since", "reaches back at most " + MAX_ALERT_LOOKBACK.toDays() + " days");
    }
    Optional<String> rule =
        params.matching("rule", Parameters.RULE, "a rule name such as click_flood");
    Optional<String> campaign =
        params.matching("campaign", Parameters.CAMPAIGN_ID, "a campaign id");
    int limit = params.limit(50, MAX_ALERTS_PAGE);
    Optional<String> after = params.cursor();
    // the feed has no "before" bound: read up to the cursor's page and skip what earlier pages
    // returned
    int skip = after.map(c -> cursorOffset(c)).orElse(0);
    List<Alert> found = alerts.since(since, rule, campaign, skip + limit + 1);
    List<Alert> page =
        found.subList(Math.min(skip, found.size()), Math.min(skip + limit, found.size()));
    ObjectNode json =
        JSON.createObjectNode().put("since", since.toString()).put("as_of", now.toString());
    ArrayNode list = json.putArray("alerts");
    for (Alert alert : page) {
      ObjectNode a = list.addObject();
      a.put("id", alert.id())
          .put("rule", alert.rule())
          .put("severity", alert.severity().name())
          .put("subject", alert.subject());
      alert
          .campaignId()
          .ifPresentOrElse(c -> a.put("campaign_id", c), () -> a.putNull("campaign_id"));
      a.put("window_start", alert.windowStart().toString())
          .put("window_end", alert.windowEnd().toString())
          .put("raised_at", alert.raisedAt().toString());
      ObjectNode evidence = a.putObject("evidence");
      alert
          .evidence()
          .forEach((name, value) -> evidence.put(name, new java.math.BigDecimal(value.toString())));
    }
    putNextCursor(
        json,
        found.size() > skip + limit ? Optional.of("offset:" + (skip + limit)) : Optional.empty());
    return new Body(json, Caching.LIVE);
  }

  private static int cursorOffset(String cursor) {
    if (cursor.startsWith("offset:")) {
      try {
        int offset = Integer.parseInt(cursor.substring("offset:".length()));
        if (offset >= 0 && offset <= 10_000) {
          return offset;
        }
      } catch (NumberFormatException e) {
        // falls through to the error below
      }
    }
    throw new BadParameterException(
        "cursor", "not a cursor this API issued; pass next_cursor unchanged");
  }

  private static void putNextCursor(ObjectNode json, Optional<String> position) {
    position.ifPresentOrElse(
        p -> json.put("next_cursor", Parameters.cursorOf(p)), () -> json.putNull("next_cursor"));
  }

  private static String pathParameter(
      String name, String raw, java.util.regex.Pattern pattern, String expected) {
    String value = decode(name, raw);
    if (!pattern.matcher(value).matches()) {
      throw new BadParameterException(
          name, "must be " + expected + ", was '" + Parameters.abbreviated(value) + "'");
    }
    return value;
  }

  private static String decode(String name, String raw) {
    try {
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new BadParameterException(name, "bad percent-encoding");
    }
  }

  private static List<String> segments(String path) {
    List<String> segments = new ArrayList<>();
    for (String segment : path.split("/", -1)) {
      if (!segment.isEmpty()) {
        segments.add(segment);
      }
    }
    return segments;
  }

  private static ApiResponse error(int status, String code, String message) {
    return new ApiResponse(
        status,
        Map.of("Content-Type", "application/json", "Cache-Control", "no-store"),
        errorBody(code, message));
  }

  private static String errorBody(String code, String message) {
    return write(JSON.createObjectNode().put("error", code).put("message", message));
  }

  static String write(ObjectNode json) {
    try {
      return JSON.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** How long a client or CDN may reuse a response before asking again (with its ETag). */
  enum Caching {
    /** Today's numbers move every second: reuse briefly, then revalidate. */
    LIVE("private, max-age=2"),
    /** Features feed models: always revalidate. */
    REVALIDATE("private, no-cache"),
    /** Past the allowed lateness, only a replay or redrive changes the numbers. */
    SETTLED("private, max-age=300");

    final String header;

    Caching(String header) {
      this.header = header;
    }
  }

  private record Body(ObjectNode json, Caching caching) {
    /** Top-level fields that differ on every request while the numbers stay the same. */
    private static final Set<String> SERVING_TIME = Set.of("as_of", "served_at");

    ApiResponse respond(ApiRequest request) {
      BodyBytes body = new BodyBytes();
      String etag = writeWithETag(body);
      if (request.ifNoneMatch().map(header -> matches(header, etag)).orElse(false)) {
        return new ApiResponse(304, Map.of("Cache-Control", caching.header, "ETag", etag), "");
      }
      Map<String, String> headers =
          Map.of("Content-Type", "application/json", "Cache-Control", caching.header, "ETag", etag);
      return new ApiResponse(
          200,
          headers,
          request.method().equals("HEAD") ? "" : body.toString(StandardCharsets.UTF_8));
    }

    /**
     * Serializes the body once and returns its ETag, weak: the hash of the same bytes less the
     * serving-time fields, so the tag says "the same numbers", which is what a polling dashboard or
     * model needs to know.
     */
    private String writeWithETag(BodyBytes out) {
      MessageDigest digest = sha256();
      int hashedUpTo = 0;
      try (JsonGenerator generator = JSON.createGenerator(out)) {
        generator.writeStartObject();
        for (Map.Entry<String, JsonNode> field : json.properties()) {
          boolean servingTime = SERVING_TIME.contains(field.getKey());
          if (servingTime) {
            generator.flush();
            out.hash(digest, hashedUpTo, out.size());
          }
          generator.writeFieldName(field.getKey());
          generator.writeTree(field.getValue());
          if (servingTime) {
            generator.flush();
            hashedUpTo = out.size();
          }
        }
        generator.writeEndObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      out.hash(digest, hashedUpTo, out.size());
      byte[] hash = digest.digest();
      return "W/\""
          + Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 27)
          + "\"";
    }

    private static MessageDigest sha256() {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    private static String opaque(String tag) {
      return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    private static boolean matches(String ifNoneMatch, String etag) {
      for (String candidate : ifNoneMatch.split(",")) {
        String tag = candidate.trim();
        // If-None-Match compares weakly (RFC 9110 13.1.2): W/"x" and "x" match each other
        if (tag.equals("*") || opaque(tag).equals(opaque(etag))) {
          return true;
        }
      }
      return false;
    }
  }

  /** The response's bytes, hashed in ranges where they lie. */
  private static final class BodyBytes extends ByteArrayOutputStream {
    BodyBytes() {
      super(8_192);
    }

    void hash(MessageDigest digest, int from, int to) {
      digest.update(buf, from, to - from);
    }
  }

  private static final class NotFound extends RuntimeException {
    NotFound(String message) {
      super(message);
    }
  }

  /** Configures the API; every reader and the clock are required. */
  public static final class Builder {
    private AggregateReader aggregates;
    private AlertFeed alerts;
    private FeatureReader features;
    private CampaignDirectory campaigns;
    private Clock clock = Clock.systemUTC();
    private Duration settledAfter = Duration.ofHours(1);

    private Builder() {}

    public Builder aggregates(AggregateReader aggregates) {
      this.aggregates = aggregates;
      return this;
    }

    public Builder alerts(AlertFeed alerts) {
      this.alerts = alerts;
      return this;
    }

    public Builder features(FeatureReader features) {
      this.features = features;
      return this;
    }

    public Builder campaigns(CampaignDirectory campaigns) {
      this.campaigns = campaigns;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** After how long a minute's numbers stop changing: the pipeline's allowed lateness. */
    public Builder settledAfter(Duration settledAfter) {
      this.settledAfter = settledAfter;
      return this;
    }

    public ServingApi build() {
      return new ServingApi(this);
    }
  }
}
