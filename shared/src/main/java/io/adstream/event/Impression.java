package io.adstream.event;

public record Impression(
    Envelope envelope,
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
    implements AdEvent {}
