package io.adstream.event;

import java.util.Optional;

public record Conversion(
    Envelope envelope,
    String conversionId,
    Optional<String> clickId,
    String userId,
    String deviceId,
    long valueMicros,
    String currency,
    String orderId,
    String email)
    implements AdEvent {}
