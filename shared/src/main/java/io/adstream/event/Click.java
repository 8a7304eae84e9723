package io.adstream.event;

import java.util.Optional;

public record Click(
    Envelope envelope,
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
    implements AdEvent {}
