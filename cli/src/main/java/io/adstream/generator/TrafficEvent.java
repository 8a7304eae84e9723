package io.adstream.generator;

import java.util.Optional;

/**
 * One event the simulated producers emit, before delivery effects (malformation, duplication,
 * delay). Times are epoch milliseconds; ids are the raw, producer-side ones.
 */
sealed interface TrafficEvent {
  String eventId();

  long eventTime();

  String source();

  default String eventType() {
    return switch (this) {
      case Impression i -> "impression";
      case Click c -> "click";
      case Conversion c -> "conversion";
      case CampaignUpdate u -> "campaign_update";
      case SemRow r -> "sem_stats";
    };
  }

  /** The field a producer bug could change while keeping the event's ids: an id conflict. */
  default String conflictField() {
    return switch (this) {
      case Conversion c -> "value_micros";
      case CampaignUpdate u -> "daily_budget_micros";
      default -> "cost_micros";
    };
  }

  /** The wire form, envelope first, fields in the order of the event contract. */
  WireRecord toWire(boolean timeAsEpochMillis);

  private static WireRecord envelope(TrafficEvent event, boolean timeAsEpochMillis) {
    return new WireRecord()
        .put("event_id", event.eventId())
        .put("event_type", event.eventType())
        .put("event_time", new WireRecord.Time(event.eventTime(), timeAsEpochMillis))
        .put("schema_version", 1L)
        .put("source", event.source());
  }

  record Impression(
      String eventId,
      long eventTime,
      String source,
      String impressionId,
      String campaignId,
      String adId,
      String creativeId,
      String placementId,
      String userId,
      String deviceId,
      String ip,
      String userAgent,
      long costMicros,
      String currency,
      String country)
      implements TrafficEvent {
    @Override
    public WireRecord toWire(boolean timeAsEpochMillis) {
      return envelope(this, timeAsEpochMillis)
          .put("impression_id", impressionId)
          .put("campaign_id", campaignId)
          .put("ad_id", adId)
          .put("creative_id", creativeId)
          .put("placement_id", placementId)
          .put("user_id", userId)
          .put("device_id", deviceId)
          .put("ip", ip)
          .put("user_agent", userAgent)
          .put("cost_micros", costMicros)
          .put("currency", currency)
          .put("country", country);
    }
  }

  record Click(
      String eventId,
      long eventTime,
      String source,
      String clickId,
      Optional<String> impressionId,
      String campaignId,
      String adId,
      String userId,
      String deviceId,
      String ip,
      String userAgent,
      long costMicros,
      String currency)
      implements TrafficEvent {
    @Override
    public WireRecord toWire(boolean timeAsEpochMillis) {
      WireRecord wire = envelope(this, timeAsEpochMillis).put("click_id", clickId);
      impressionId.ifPresent(id -> wire.put("impression_id", id));
      return wire.put("campaign_id", campaignId)
          .put("ad_id", adId)
          .put("user_id", userId)
          .put("device_id", deviceId)
          .put("ip", ip)
          .put("user_agent", userAgent)
          .put("cost_micros", costMicros)
          .put("currency", currency);
    }
  }

  record Conversion(
      String eventId,
      long eventTime,
      String source,
      String conversionId,
      Optional<String> clickId,
      String userId,
      String deviceId,
      long valueMicros,
      String currency,
      String orderId,
      String email)
      implements TrafficEvent {
    @Override
    public WireRecord toWire(boolean timeAsEpochMillis) {
      WireRecord wire = envelope(this, timeAsEpochMillis).put("conversion_id", conversionId);
      clickId.ifPresent(id -> wire.put("click_id", id));
      return wire.put("user_id", userId)
          .put("device_id", deviceId)
          .put("value_micros", valueMicros)
          .put("currency", currency)
          .put("order_id", orderId)
          .put("email", email);
    }
  }

  record CampaignUpdate(
      String eventId,
      long eventTime,
      String source,
      String campaignId,
      String advertiserId,
      String name,
      String status,
      long dailyBudgetMicros,
      String currency)
      implements TrafficEvent {
    @Override
    public WireRecord toWire(boolean timeAsEpochMillis) {
      return envelope(this, timeAsEpochMillis)
          .put("campaign_id", campaignId)
          .put("advertiser_id", advertiserId)
          .put("name", name)
          .put("status", status)
          .put("daily_budget_micros", dailyBudgetMicros)
          .put("currency", currency);
    }
  }

  /** A search-ads report row; its event time is its report time. */
  record SemRow(
      String eventId,
      long eventTime,
      String source,
      SemKey key,
      long impressions,
      long clicks,
      long costMicros,
      long conversions,
      long conversionValueMicros)
      implements TrafficEvent {
    @Override
    public WireRecord toWire(boolean timeAsEpochMillis) {
      return envelope(this, timeAsEpochMillis)
          .put("engine", key.engine())
          .put("account_id", key.accountId())
          .put("campaign_id", key.campaignId())
          .put("ad_group_id", key.adGroupId())
          .put("keyword", key.keyword())
          .put("match_type", key.matchType())
          .put("period_start", new WireRecord.Time(key.periodStart(), false))
          .put("period_end", new WireRecord.Time(key.periodEnd(), false))
          .put("impressions", impressions)
          .put("clicks", clicks)
          .put("cost_micros", costMicros)
          .put("conversions", conversions)
          .put("conversion_value_micros", conversionValueMicros)
          .put("report_time", new WireRecord.Time(eventTime, false));
    }
  }

  /** What a restatement replaces: a report row's identity. */
  record SemKey(
      String engine,
      String accountId,
      String campaignId,
      String adGroupId,
      String keyword,
      String matchType,
      long periodStart,
      long periodEnd) {}
}
