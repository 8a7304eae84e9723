package io.adstream.pii;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.adstream.event.AdEvent;
import io.adstream.event.CampaignUpdate;
import io.adstream.event.Click;
import io.adstream.event.Conversion;
import io.adstream.event.EventWriter;
import io.adstream.event.Impression;
import io.adstream.event.SemStats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An event fit to leave the processor: ip, device_id, user_id and email are tokens and card numbers
 * are redacted. Code downstream of the masker takes this type, never a bare {@link AdEvent}; the
 * constructor refuses an event whose personal fields are not tokens.
 *
 * @param ipPrefix the /24 (IPv4) or /48 (IPv6) network of the original address, for geo lookups
 * @param redactedFields wire names of the fields in which a card number or an email address was
 *     redacted
 */
public record MaskedEvent(AdEvent event, Optional<String> ipPrefix, Set<String> redactedFields) {
  private static final JsonFactory JSON = new JsonFactory();

  public MaskedEvent {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(ipPrefix, "ipPrefix");
    redactedFields = Set.copyOf(redactedFields);
    for (String value : personalValues(event)) {
      if (!PiiToken.isToken(value)) {
        throw new IllegalArgumentException(
            "a masked "
                + event.type().wireName()
                + " event must carry tokens in ip, device_id, user_id and email");
      }
    }
  }

  /**
   * The fields guarantee 8 (docs/guarantees.md) names as personal data, as the event carries them.
   */
  private static List<String> personalValues(AdEvent event) {
    return switch (event) {
      case Impression i -> List.of(i.userId(), i.deviceId(), i.ip());
      case Click c -> List.of(c.userId(), c.deviceId(), c.ip());
      case Conversion c -> List.of(c.userId(), c.deviceId(), c.email());
      case CampaignUpdate u -> List.of();
      case SemStats s -> List.of();
    };
  }

  /**
   * The enriched JSON of the event: its canonical fields ({@link EventWriter#encode}), then {@code
   * ip_prefix} when there is one and {@code pii_redacted}, the sorted names of redacted fields.
   */
  public byte[] toJson() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator generator = JSON.createGenerator(out)) {
      generator.writeStartObject();
      writeFields(generator);
      generator.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return out.toByteArray();
  }

  /** Writes the fields of {@link #toJson()} into an object the caller has opened and will close. */
  public void writeFields(JsonGenerator out) throws IOException {
    EventWriter.writeFields(event, out);
    if (ipPrefix.isPresent()) {
      out.writeStringField("ip_prefix", ipPrefix.get());
    }
    out.writeArrayFieldStart("pii_redacted");
    if (!redactedFields.isEmpty()) { // almost always empty: nothing to sort
      for (String field : redactedFields.stream().sorted().toList()) {
        out.writeString(field);
      }
    }
    out.writeEndArray();
  }
}
