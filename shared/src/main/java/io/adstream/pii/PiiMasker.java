package io.adstream.pii;

import io.adstream.event.AdEvent;
import io.adstream.event.CampaignUpdate;
import io.adstream.event.Click;
import io.adstream.event.Conversion;
import io.adstream.event.Envelope;
import io.adstream.event.Impression;
import io.adstream.event.IpAddress;
import io.adstream.event.SemStats;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Applies the PII policy (guarantee 8 (docs/guarantees.md)) to decoded events: ip, device_id,
 * user_id and email become keyed tokens ({@link PiiToken}), the IP also leaves its network prefix,
 * and card numbers and email addresses in every other text field are redacted ({@link PanRedactor},
 * {@link EmailRedactor}).
 *
 * <p>A masker keeps one HMAC key's padded states and derives them again only when the provider's
 * current version changes, so it is cheap per event and <b>not thread-safe</b>: use one per thread
 * (a Lambda instance has one).
 *
 * <pre>{@code
 * PiiMasker masker = PiiMasker.builder().keyProvider(KeyRing.fromEnvironment(System.getenv())).build();
 * MaskedEvent masked = masker.mask(event);
 * }</pre>
 */
public final class PiiMasker {
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private static final int MAX_CLEAN_USER_AGENTS = 4_096;

  private final PiiKeyProvider keys;

  /**
   * User agents found to hold no card number or email. Real traffic repeats a small set of them, of
   * 100 to 200 characters each, which the card scan reads one by one for every impression and
   * click; a lookup hashes and compares them many characters a step. What the redactors find
   * depends on the text alone, so a text found clean stays clean. Emptied when full.
   */
  private final Set<String> cleanUserAgents = new HashSet<>();

  private PaddedKeyHmac mac;
  private int macVersion;
  // three tokens per event: each step writes into these instead of a new array
  private final byte[] digest = new byte[PaddedKeyHmac.LENGTH];
  private final byte[] hash = new byte[PiiToken.HASH_BYTES];
  private final byte[] encoded = new byte[PiiToken.ENCODED_LENGTH];

  /**
   * A token under the current key: {@code k<version>.} then the encoded hash; empty until the first
   * token.
   */
  private byte[] token = new byte[0];

  private PiiMasker(Builder builder) {
    this.keys = builder.keys;
  }

  public static Builder builder() {
    return new Builder();
  }

  public MaskedEvent mask(AdEvent event) {
    Redactions redactions = new Redactions(cleanUserAgents);
    Envelope envelope = event.envelope();
    Envelope cleanEnvelope =
        new Envelope(
            redactions.clean("event_id", envelope.eventId()),
            envelope.type(),
            envelope.eventTime(),
            envelope.schemaVersion(),
            redactions.clean("source", envelope.source()));
    return switch (event) {
      case Impression i -> {
        IpAddress ip = parseIp(i.ip(), event);
        yield new MaskedEvent(
            new Impression(
                cleanEnvelope,
                redactions.clean("impression_id", i.impressionId()),
                redactions.clean("campaign_id", i.campaignId()),
                redactions.clean("ad_id", i.adId()),
                redactions.clean("creative_id", i.creativeId()),
                redactions.clean("placement_id", i.placementId()),
                token(PiiKind.USER, i.userId()),
                token(PiiKind.DEVICE, i.deviceId()),
                token(PiiKind.IP, ip.canonical()),
                redactions.cleanUserAgent(i.userAgent()),
                i.costMicros(),
                i.currency(),
                i.country()),
            Optional.of(ip.networkPrefix()),
            redactions.fields);
      }
      case Click c -> {
        IpAddress ip = parseIp(c.ip(), event);
        yield new MaskedEvent(
            new Click(
                cleanEnvelope,
                redactions.clean("click_id", c.clickId()),
                c.impressionId().map(id -> redactions.clean("impression_id", id)),
                redactions.clean("campaign_id", c.campaignId()),
                redactions.clean("ad_id", c.adId()),
                token(PiiKind.USER, c.userId()),
                token(PiiKind.DEVICE, c.deviceId()),
                token(PiiKind.IP, ip.canonical()),
                redactions.cleanUserAgent(c.userAgent()),
                c.costMicros(),
                c.currency()),
            Optional.of(ip.networkPrefix()),
            redactions.fields);
      }
      case Conversion c ->
          new MaskedEvent(
              new Conversion(
                  cleanEnvelope,
                  redactions.clean("conversion_id", c.conversionId()),
                  c.clickId().map(id -> redactions.clean("click_id", id)),
                  token(PiiKind.USER, c.userId()),
                  token(PiiKind.DEVICE, c.deviceId()),
                  c.valueMicros(),
                  c.currency(),
                  redactions.clean("order_id", c.orderId()),
                  tokenOf(PiiKind.EMAIL, c.email())),
              Optional.empty(),
              redactions.fields);
      case CampaignUpdate u ->
          new MaskedEvent(
              new CampaignUpdate(
                  cleanEnvelope,
                  redactions.clean("campaign_id", u.campaignId()),
                  redactions.clean("advertiser_id", u.advertiserId()),
                  redactions.clean("name", u.name()),
                  u.status(),
                  u.dailyBudgetMicros(),
                  u.currency()),
              Optional.empty(),
              redactions.fields);
      case SemStats s ->
          new MaskedEvent(
              new SemStats(
                  cleanEnvelope,
                  redactions.clean("engine", s.engine()),
                  redactions.clean("account_id", s.accountId()),
                  redactions.clean("campaign_id", s.campaignId()),
                  redactions.clean("ad_group_id", s.adGroupId()),
                  redactions.clean("keyword", s.keyword()),
                  s.matchType(),
                  s.periodStart(),
                  s.periodEnd(),
                  s.impressions(),
                  s.clicks(),
                  s.costMicros(),
                  s.conversions(),
                  s.conversionValueMicros(),
                  s.reportTime()),
              Optional.empty(),
              redactions.fields);
    };
  }

  /**
   * The token of a value under the current key, after the normalization the masker applies: emails
   * are stripped and lowercased and IPs put in canonical form, so equal identities give equal
   * tokens. For tools that look up state by a raw identifier.
   *
   * @throws IllegalArgumentException for an IP kind whose value is not an IP address
   */
  public String tokenOf(PiiKind kind, String value) {
    return switch (kind) {
      case IP ->
          token(
              kind,
              IpAddress.parse(value)
                  .orElseThrow(() -> new IllegalArgumentException("not an IPv4 or IPv6 address"))
                  .canonical());
      case EMAIL -> token(kind, value.strip().toLowerCase(Locale.ROOT));
      case USER, DEVICE -> token(kind, value);
    };
  }

  private String token(PiiKind kind, String normalized) {
    VersionedSecret secret = keys.current();
    if (token.length == 0 || secret.version() != macVersion) {
      rekey(secret);
    }
    mac.mac(kind.hmacPrefix(), normalized.getBytes(StandardCharsets.UTF_8), digest);
    System.arraycopy(digest, 0, hash, 0, hash.length);
    BASE64URL.encode(hash, encoded);
    System.arraycopy(encoded, 0, token, token.length - encoded.length, encoded.length);
    return new String(token, StandardCharsets.ISO_8859_1);
  }

  private void rekey(VersionedSecret secret) {
    mac = new PaddedKeyHmac(KeyPurpose.TOKEN.deriveFrom(secret).getEncoded());
    macVersion = secret.version();
    byte[] prefix = ("k" + secret.version() + ".").getBytes(StandardCharsets.US_ASCII);
    token = Arrays.copyOf(prefix, prefix.length + PiiToken.ENCODED_LENGTH);
  }

  private static IpAddress parseIp(String ip, AdEvent event) {
    // the codec admits only parseable addresses: an event built elsewhere must meet the same rule
    return IpAddress.parse(ip)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "the ip of " + event.type().wireName() + " event is not an IP address"));
  }

  /** The fields of one event in which a card number or an email address was found. */
  private static final class Redactions {
    private final Set<String> cleanUserAgents;
    Set<String> fields =
        Set.of(); // almost always stays empty: no set is made until a card is found

    Redactions(Set<String> cleanUserAgents) {
      this.cleanUserAgents = cleanUserAgents;
    }

    String cleanUserAgent(String value) {
      if (cleanUserAgents.contains(value)) {
        return value;
      }
      String redacted = clean("user_agent", value);
      if (redacted == value) {
        if (cleanUserAgents.size() == MAX_CLEAN_USER_AGENTS) {
          cleanUserAgents.clear();
        }
        cleanUserAgents.add(value);
      }
      return redacted;
    }

    String clean(String field, String value) {
      String redacted = EmailRedactor.redact(PanRedactor.redact(value));
      if (redacted != value) { // each redactor returns its argument itself when it found nothing
        if (fields.isEmpty()) {
          fields = new HashSet<>(2);
        }
        fields.add(field);
      }
      return redacted;
    }
  }

  /** Builds a {@link PiiMasker}. */
  public static final class Builder {
    private PiiKeyProvider keys;

    private Builder() {}

    public Builder keyProvider(PiiKeyProvider keys) {
      this.keys = Objects.requireNonNull(keys, "keys");
      return this;
    }

    /**
     * @throws IllegalStateException if no key provider was given
     */
    public PiiMasker build() {
      if (keys == null) {
        throw new IllegalStateException("a PiiMasker needs a keyProvider");
      }
      return new PiiMasker(this);
    }
  }
}
