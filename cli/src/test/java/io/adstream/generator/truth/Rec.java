package io.adstream.generator.truth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Hand-built records for spec tests: valid by default, every field overridable. */
final class Rec {
  static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  static final String BROWSER =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
  static final String CRAWLER =
      "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Object> fields = new LinkedHashMap<>();

  private Rec(String type, String eventId, Duration at) {
    fields.put("event_id", eventId);
    fields.put("event_type", type);
    fields.put("event_time", T0.plus(at).toString());
    fields.put("schema_version", 1);
    fields.put("source", "spec-test");
  }

  static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  static Duration min(long minutes) {
    return Duration.ofMinutes(minutes);
  }

  static Rec impression(String impressionId, Duration at) {
    return new Rec("impression", "e-" + impressionId, at)
        .with("impression_id", impressionId)
        .with("campaign_id", "cmp-a")
        .with("ad_id", "ad-1")
        .with("creative_id", "cr-1")
        .with("placement_id", "plc-1")
        .with("user_id", "usr-1")
        .with("device_id", "dev-1")
        .with("ip", "192.0.2.10")
        .with("user_agent", BROWSER)
        .with("cost_micros", 1_000)
        .with("currency", "USD")
        .with("country", "US");
  }

  static Rec click(String clickId, String impressionId, Duration at) {
    return clickWithoutImpression(clickId, at).with("impression_id", impressionId);
  }

  static Rec clickWithoutImpression(String clickId, Duration at) {
    return new Rec("click", "e-" + clickId, at)
        .with("click_id", clickId)
        .with("campaign_id", "cmp-a")
        .with("ad_id", "ad-1")
        .with("user_id", "usr-1")
        .with("device_id", "dev-1")
        .with("ip", "192.0.2.10")
        .with("user_agent", BROWSER)
        .with("cost_micros", 500_000)
        .with("currency", "USD");
  }

  static Rec conversion(String conversionId, Duration at) {
    return new Rec("conversion", "e-" + conversionId, at)
        .with("conversion_id", conversionId)
        .with("user_id", "usr-1")
        .with("device_id", "dev-1")
        .with("value_micros", 40_000_000)
        .with("currency", "USD")
        .with("order_id", "ord-1")
        .with("email", "someone@example.com");
  }

  static Rec semStats(String eventId, Duration reportedAt, long clicks) {
    return new Rec("sem_stats", eventId, reportedAt)
        .with("engine", "google")
        .with("account_id", "123-456-7890")
        .with("campaign_id", "cmp-a")
        .with("ad_group_id", "ag-1")
        .with("keyword", "running shoes")
        .with("match_type", "exact")
        .with("period_start", T0.toString())
        .with("period_end", T0.plus(Duration.ofHours(1)).toString())
        .with("impressions", 100)
        .with("clicks", clicks)
        .with("cost_micros", clicks * 400_000)
        .with("conversions", 1)
        .with("conversion_value_micros", 50_000_000)
        .with("report_time", T0.plus(reportedAt).toString());
  }

  static Rec campaignUpdate(String eventId, Duration at) {
    return new Rec("campaign_update", eventId, at)
        .with("campaign_id", "cmp-a")
        .with("advertiser_id", "adv-1")
        .with("name", "Spring")
        .with("status", "active")
        .with("daily_budget_micros", 100_000_000)
        .with("currency", "USD");
  }

  Rec with(String name, Object value) {
    fields.put(name, value);
    return this;
  }

  Rec without(String name) {
    fields.remove(name);
    return this;
  }

  byte[] bytes() {
    try {
      return JSON.writeValueAsString(fields).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
