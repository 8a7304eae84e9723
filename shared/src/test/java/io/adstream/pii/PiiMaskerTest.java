package io.adstream.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.adstream.event.AdEvent;
import io.adstream.event.Click;
import io.adstream.event.Conversion;
import io.adstream.event.EventSamples;
import io.adstream.event.Impression;
import io.adstream.validation.DecodeResult;
import io.adstream.validation.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class PiiMaskerTest {
  private static final VersionedSecret V1 = secret(1, 7);
  private static final VersionedSecret V2 = secret(2, 8);

  private final PiiMasker masker = PiiMasker.builder().keyProvider(KeyRing.of(V1)).build();
  private final EventCodec codec = EventCodec.builder().build();

  @Test
  void tokensFollowTheDocumentedFormat() throws Exception {
    Mac hmac = Mac.getInstance("HmacSHA256");
    hmac.init(
        new SecretKeySpec(
            "adstream-pii-key-derivation".getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
    byte[] pseudoRandomKey = hmac.doFinal(bytes(7));
    hmac.init(new SecretKeySpec(pseudoRandomKey, "HmacSHA256"));
    byte[] tokenKey =
        hmac.doFinal("adstream/v1/pii-token/k1\u0001".getBytes(StandardCharsets.US_ASCII));
    hmac.init(new SecretKeySpec(tokenKey, "HmacSHA256"));
    byte[] digest = hmac.doFinal("email:jane.doe@example.com".getBytes(StandardCharsets.UTF_8));
    String expected =
        "k1." + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));

    assertThat(masker.tokenOf(PiiKind.EMAIL, " Jane.Doe@EXAMPLE.com "))
        .isEqualTo(expected)
        .hasSize(3 + 22);
  }

  @Test
  void tokensAreStableForTheSameValueAndKey() {
    PiiMasker another = PiiMasker.builder().keyProvider(KeyRing.of(V1)).build();

    assertThat(masker.tokenOf(PiiKind.USER, "usr-8842"))
        .isEqualTo(masker.tokenOf(PiiKind.USER, "usr-8842"));
    assertThat(another.tokenOf(PiiKind.USER, "usr-8842"))
        .isEqualTo(masker.tokenOf(PiiKind.USER, "usr-8842"));
    assertThat(masker.tokenOf(PiiKind.USER, "usr-8842"))
        .isNotEqualTo(masker.tokenOf(PiiKind.USER, "usr-8843"));
  }

  @Test
  void tokensDifferAcrossKindsForTheSameValue() {
    String value = "2001:db8::1";

    assertThat(
            Set.of(
                masker.tokenOf(PiiKind.USER, value),
                masker.tokenOf(PiiKind.DEVICE, value),
                masker.tokenOf(PiiKind.IP, value),
                masker.tokenOf(PiiKind.EMAIL, value)))
        .hasSize(4);
  }

  @Test
  void tokensChangeWithTheKeyVersionAndNameIt() {
    String before = masker.tokenOf(PiiKind.DEVICE, "dev-a1b2c3d4");
    PiiMasker rotated = PiiMasker.builder().keyProvider(KeyRing.of(V1, V2)).build();
    PiiMasker sameSecretNewVersion =
        PiiMasker.builder().keyProvider(KeyRing.of(new VersionedSecret(2, bytes(7)))).build();

    String after = rotated.tokenOf(PiiKind.DEVICE, "dev-a1b2c3d4");

    assertThat(before).startsWith("k1.");
    assertThat(after).startsWith("k2.");
    assertThat(after.substring(3)).isNotEqualTo(before.substring(3));
    assertThat(sameSecretNewVersion.tokenOf(PiiKind.DEVICE, "dev-a1b2c3d4").substring(3))
        .isNotEqualTo(before.substring(3));
    assertThat(PiiToken.keyVersion(after)).isEqualTo(2);
  }

  @Test
  void aRunningMaskerFollowsARotation() {
    AtomicReference<VersionedSecret> current = new AtomicReference<>(V1);
    PiiKeyProvider rotating =
        new PiiKeyProvider() {
          @Override
          public VersionedSecret current() {
            return current.get();
          }

          @Override
          public Optional<VersionedSecret> version(int version) {
            return Optional.empty();
          }
        };
    PiiMasker running = PiiMasker.builder().keyProvider(rotating).build();
    String before = running.tokenOf(PiiKind.USER, "usr-1");

    current.set(V2);

    assertThat(running.tokenOf(PiiKind.USER, "usr-1"))
        .isEqualTo(
            PiiMasker.builder().keyProvider(KeyRing.of(V2)).build().tokenOf(PiiKind.USER, "usr-1"))
        .isNotEqualTo(before);
  }

  @Test
  void equalAddressesInDifferentFormsGetOneToken() {
    String token = masker.tokenOf(PiiKind.IP, "2001:db8::1");

    assertThat(masker.tokenOf(PiiKind.IP, "2001:0DB8:0000:0000:0000:0000:0000:0001"))
        .isEqualTo(token);
    assertThat(masker.tokenOf(PiiKind.IP, "::ffff:203.0.113.9"))
        .isEqualTo(masker.tokenOf(PiiKind.IP, "203.0.113.9"));
  }

  @Test
  void masksAnImpressionAndKeepsTheNetwork() {
    Impression raw = (Impression) sample("impression-1");

    MaskedEvent masked = masker.mask(raw);

    Impression event = (Impression) masked.event();
    assertThat(event.userId()).isEqualTo(masker.tokenOf(PiiKind.USER, "usr-8842"));
    assertThat(event.deviceId()).isEqualTo(masker.tokenOf(PiiKind.DEVICE, "dev-a1b2c3d4"));
    assertThat(event.ip()).isEqualTo(masker.tokenOf(PiiKind.IP, "203.0.113.17"));
    assertThat(masked.ipPrefix()).contains("203.0.113.0/24");
    assertThat(masked.redactedFields()).isEmpty();
    assertThat(event.campaignId()).isEqualTo(raw.campaignId());
    assertThat(event.costMicros()).isEqualTo(raw.costMicros());
  }

  @Test
  void prefixesOfMappedAndIpv6Addresses() {
    assertThat(masker.mask(sample("click-2")).ipPrefix()).contains("198.51.100.0/24");
    assertThat(masker.mask(sample("impression-2")).ipPrefix()).contains("2001:db8:85a3::/48");
  }

  @Test
  void masksAConversionsEmailAfterNormalizing() {
    Conversion masked = (Conversion) masker.mask(sample("conversion-2")).event();

    assertThat(masked.email())
        .isEqualTo(masker.tokenOf(PiiKind.EMAIL, "max.mustermann@example.com"));
    assertThat(masker.mask(sample("conversion-2")).ipPrefix()).isEmpty();
  }

  @Test
  void redactsCardNumbersInAnyTextFieldAndFlagsIt() {
    Click raw = (Click) sample("click-1");
    Click withCard =
        new Click(
            raw.envelope(),
            raw.clickId(),
            Optional.of("imp 4111-1111-1111-1111"),
            raw.campaignId(),
            raw.adId(),
            raw.userId(),
            raw.deviceId(),
            raw.ip(),
            "Mozilla/5.0 card=5555555555554444",
            raw.costMicros(),
            raw.currency());

    MaskedEvent masked = masker.mask(withCard);

    Click event = (Click) masked.event();
    assertThat(event.userAgent()).isEqualTo("Mozilla/5.0 card=[REDACTED:PAN]");
    assertThat(event.impressionId()).contains("imp [REDACTED:PAN]");
    assertThat(masked.redactedFields()).containsExactlyInAnyOrder("user_agent", "impression_id");
    assertThat(new String(masked.toJson(), StandardCharsets.UTF_8))
        .endsWith(
            "\"ip_prefix\":\"203.0.113.0/24\",\"pii_redacted\":[\"impression_id\",\"user_agent\"]}");
  }

  @Test
  void aCardInAUserAgentIsRedactedEveryTimeAmongThousandsOfCleanOnes() {
    Click raw = (Click) sample("click-1");
    String withCard = "Mozilla/5.0 card=5555555555554444";
    // more clean user agents than the masker remembers, each seen again
    for (int i = 0; i < 10_000; i++) {
      String clean = "Mozilla/5.0 build " + (i % 5_000);
      assertThat(((Click) masker.mask(withUserAgent(raw, clean)).event()).userAgent())
          .isEqualTo(clean);
      if (i % 1_000 == 0) {
        MaskedEvent masked = masker.mask(withUserAgent(raw, withCard));

        assertThat(((Click) masked.event()).userAgent())
            .isEqualTo("Mozilla/5.0 card=[REDACTED:PAN]");
        assertThat(masked.redactedFields()).containsExactly("user_agent");
      }
    }
  }

  private static Click withUserAgent(Click raw, String userAgent) {
    return new Click(
        raw.envelope(),
        raw.clickId(),
        raw.impressionId(),
        raw.campaignId(),
        raw.adId(),
        raw.userId(),
        raw.deviceId(),
        raw.ip(),
        userAgent,
        raw.costMicros(),
        raw.currency());
  }

  @Test
  void aMaskedEventRefusesRawPersonalData() {
    AdEvent raw = sample("impression-1");

    assertThatThrownBy(() -> new MaskedEvent(raw, Optional.empty(), Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("usr-8842");
  }

  @Test
  void eventsWithoutPersonalDataPassThroughUnchanged() {
    AdEvent update = sample("campaign_update-1");
    AdEvent stats = sample("sem_stats-1");

    assertThat(masker.mask(update).event()).isEqualTo(update);
    assertThat(masker.mask(stats).event()).isEqualTo(stats);
  }

  private AdEvent sample(String name) {
    return ((DecodeResult.Valid) codec.decode(EventSamples.bytes(name), EventSamples.NOW)).event();
  }

  private static VersionedSecret secret(int version, int fill) {
    return new VersionedSecret(version, bytes(fill));
  }

  private static byte[] bytes(int fill) {
    byte[] secret = new byte[32];
    Arrays.fill(secret, (byte) fill);
    return secret;
  }
}
