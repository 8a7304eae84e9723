package io.adstream.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adstream.aggregation.Measures;
import io.adstream.aws.ProvisioningPlan;
import io.adstream.config.AdstreamConfig;
import io.adstream.generator.CrawlerList;
import io.adstream.generator.ExpectedAlert;
import io.adstream.generator.GeneratedTraffic;
import io.adstream.generator.TrafficGenerator;
import io.adstream.generator.TrafficProfile;
import io.adstream.generator.truth.GroundTruth;
import io.adstream.generator.truth.TruthEvaluator;
import io.adstream.lambda.ApiHandler;
import io.adstream.lambda.ProcessorHandler;
import io.adstream.local.EmulatorTest;
import io.adstream.local.emulator.LocalAws;
import io.adstream.local.harness.LocalRun;
import io.adstream.local.harness.PipelineTotals;
import io.adstream.local.serve.LocalApiServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The dashboard end to end in headless Chromium: generated traffic through the pipeline on the
 * emulator, {@code adstream serve}'s server over the result, the page opened and a campaign with
 * conversions picked in its picker. The numbers the page shows (impressions, clicks, CTR, spend,
 * conversions, CPA) equal the API's for the same range, and both equal the generator's ground
 * truth; the alert feed lists what the API returns. The screenshot is kept as
 * target/dashboard-e2e.png.
 */
@EmulatorTest
class DashboardBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Path SCREENSHOT = Path.of("target", "dashboard-e2e.png");

  /**
   * The page shows money and percentages to two decimals: off by at most half a cent, plus the
   * float's error.
   */
  private static final double CENT = 0.005 + 1e-9;

  /**
   * The rules the processor raises as records stream in; the scheduled check does not run in this
   * test.
   */
  private static final Set<String> STREAMING_RULES =
      Set.of(ExpectedAlert.CLICK_FLOOD, ExpectedAlert.BOT_CLICK, ExpectedAlert.CLICK_INJECTION);

  @Test
  void theDashboardShowsWhatTheApiAndTheGroundTruthSay(LocalAws aws) throws Exception {
    AdstreamConfig config =
        AdstreamConfig.withOverrides(
            "{\"prefix\":\"d" + UUID.randomUUID().toString().substring(0, 8) + "\"}");
    // seed 2 with six injected click-to-conversion pairs: whatever the hour of day, a campaign
    // other than the
    // busiest has impressions, clicks and at least two conversions (organic conversions mostly land
    // after 30 minutes)
    TrafficProfile profile =
        TrafficProfile.builder()
            .seed(2)
            .events(2_500)
            .campaigns(3)
            .start(Instant.now().minus(Duration.ofMinutes(45)).truncatedTo(ChronoUnit.MINUTES))
            .duration(Duration.ofMinutes(30))
            .clickFloods(1)
            .clickInjections(6)
            .config(config)
            .build();
    GeneratedTraffic traffic = TrafficGenerator.builder().profile(profile).build().generate();
    GroundTruth truth =
        TruthEvaluator.builder()
            .config(config)
            .processingTime(profile.end())
            .crawlers(CrawlerList.load())
            .build()
            .evaluate(traffic.lines());
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    LocalRun.builder()
        .aws(aws)
        .config(config)
        .handler(
            () ->
                new ProcessorHandler(
                    aws.clients(),
                    config,
                    ProvisioningPlan.of(config).alertTopicArn(),
                    new PipelineTotals()))
        .progress(quiet, false)
        .functionLog(quiet)
        .build()
        .run(traffic.lines().iterator());
    Map<String, Measures> byCampaign = new TreeMap<>();
    truth
        .campaignMinutes()
        .forEach(m -> byCampaign.merge(m.campaignId(), measures(m), Measures::plus));
    String campaign = campaignWithConversions(byCampaign);

    try (LocalApiServer server =
            LocalApiServer.start(new ApiHandler(aws.clients(), config, Clock.systemUTC()), 0);
        HeadlessChromium browser = HeadlessChromium.launch()) {
      browser.navigate(server.uri().toString());
      browser.waitFor(
          "document.getElementById('campaign').options.length >= 2 && document.getElementById('kpis').dataset.campaign",
          Duration.ofSeconds(30));
      browser.evaluate(
          "(() => { const p = document.getElementById('campaign'); p.value = '"
              + campaign
              + "'; p.dispatchEvent(new Event('change')); })()");
      browser.waitFor(
          "document.getElementById('kpis').dataset.campaign === '" + campaign + "'",
          Duration.ofSeconds(30));
      browser.waitFor(
          "document.querySelectorAll('#alerts li').length > 0 && document.querySelectorAll('canvas').length >= 3",
          Duration.ofSeconds(30));
      browser.screenshot(SCREENSHOT);

      JsonNode shown =
          browser.evaluate(
              "(() => { const k = document.getElementById('kpis').dataset; const v = id => document.getElementById(id);"
                  + " const out = { from: k.from, to: k.to, granularity: k.granularity, text: document.body.innerText,"
                  + " alerts: [...document.querySelectorAll('#alerts li:not(.empty)')].map(li => li.textContent) };"
                  + " for (const id of ['impressions','clicks','ctr','spend','conversions','cpa','invalid-clicks'])"
                  + " { out[id] = v('kpi-' + id).dataset.value; out[id + '-text'] = v('kpi-' + id).textContent; } return out; })()");
      JsonNode api =
          get(
              server.uri(),
              "/v1/campaigns/"
                  + campaign
                  + "/metrics?granularity="
                  + shown.get("granularity").asText()
                  + "&from="
                  + encode(shown.get("from").asText())
                  + "&to="
                  + encode(shown.get("to").asText()));
      JsonNode totals = api.get("totals");
      Measures expected =
          truthIn(
              truth,
              campaign,
              Instant.parse(shown.get("from").asText()),
              Instant.parse(shown.get("to").asText()));
      String currency = currencyOf(get(server.uri(), "/v1/campaigns?limit=500"), campaign);
      System.out.printf(
          "dashboard %s over %s..%s: page %s; truth %s%n",
          campaign, shown.get("from").asText(), shown.get("to").asText(), totals, expected);

      assertThat(expected.impressions()).as("the range holds the campaign's traffic").isPositive();
      assertThat(expected.conversions())
          .as("the range holds the campaign's conversions")
          .isGreaterThanOrEqualTo(2);
      assertThat(shown.get("impressions").asLong())
          .isEqualTo(totals.get("impressions").asLong())
          .isEqualTo(expected.impressions());
      assertThat(shown.get("clicks").asLong())
          .isEqualTo(totals.get("clicks").asLong())
          .isEqualTo(expected.clicks());
      assertThat(shown.get("spend").asLong())
          .isEqualTo(totals.get("cost_micros").asLong())
          .isEqualTo(expected.costMicros());
      assertThat(shown.get("conversions").asLong())
          .isEqualTo(totals.get("conversions").asLong())
          .isEqualTo(expected.conversions());
      assertThat(shown.get("invalid-clicks").asLong())
          .isEqualTo(totals.get("invalid_clicks").asLong())
          .isEqualTo(expected.invalidClicks());
      assertThat(shown.get("impressions-text").asText())
          .isEqualTo(String.format(Locale.US, "%,d", expected.impressions()));
      assertThat(shown.get("conversions-text").asText())
          .isEqualTo(String.format(Locale.US, "%,d", expected.conversions()));

      // CPA = cost / conversions in micros, rounded half up; the page shows it in whole cents with
      // the currency
      long cpaMicros =
          BigDecimal.valueOf(expected.costMicros())
              .divide(BigDecimal.valueOf(expected.conversions()), 0, RoundingMode.HALF_UP)
              .longValueExact();
      assertThat(cpaMicros)
          .as("CPA differs from spend, so showing one for the other fails")
          .isNotEqualTo(expected.costMicros());
      assertThat(shown.get("cpa").asLong())
          .isEqualTo(totals.get("cpa_micros").asLong())
          .isEqualTo(cpaMicros);
      assertThat(shownAmount(shown.get("cpa-text").asText(), currency))
          .as("CPA on the page: %s", shown.get("cpa-text").asText())
          .isCloseTo((double) expected.costMicros() / expected.conversions() / 1e6, within(CENT));
      assertThat(shownAmount(shown.get("spend-text").asText(), currency))
          .as("spend on the page: %s", shown.get("spend-text").asText())
          .isCloseTo(expected.costMicros() / 1e6, within(CENT));
      double ctr = (double) expected.clicks() / expected.impressions();
      assertThat(shown.get("ctr").asDouble())
          .isEqualTo(totals.get("ctr").asDouble())
          .isCloseTo(ctr, within(1e-12));
      assertThat(shownAmount(shown.get("ctr-text").asText(), "%"))
          .as("CTR on the page: %s", shown.get("ctr-text").asText())
          .isCloseTo(100 * ctr, within(CENT));

      // the feed lists what the API returns for the page's query, in its order; the processor's
      // rules match the truth's
      JsonNode alerts =
          get(
                  server.uri(),
                  "/v1/alerts?since="
                      + encode(Instant.now().minus(Duration.ofHours(24)).toString())
                      + "&limit=100")
              .get("alerts");
      List<String> feed = new ArrayList<>();
      alerts.forEach(
          a ->
              feed.add(
                  a.get("raised_at").asText().substring(11, 19)
                      + " "
                      + a.get("rule").asText()
                      + " · "
                      + a.get("severity").asText()
                      + " · "
                      + (a.get("campaign_id").isNull()
                          ? a.get("subject").asText()
                          : a.get("campaign_id").asText())));
      assertThat(feed).as("alerts from the API").isNotEmpty();
      assertThat(JSON.convertValue(shown.get("alerts"), String[].class))
          .as("alert feed on the page")
          .containsExactlyElementsOf(feed);
      Map<String, Long> rulesShown = new TreeMap<>();
      alerts.forEach(a -> rulesShown.merge(a.get("rule").asText(), 1L, Long::sum));
      Map<String, Long> rulesExpected = new TreeMap<>();
      truth.alerts().stream()
          .filter(a -> STREAMING_RULES.contains(a.rule()))
          .forEach(a -> rulesExpected.merge(a.rule(), 1L, Long::sum));
      assertThat(rulesShown).as("alerts by rule").isEqualTo(rulesExpected);

      String everything =
          shown.get("text").asText()
              + get(server.uri(), "/v1/campaigns")
              + get(server.uri(), "/v1/alerts")
              + api;
      assertThat(everything)
          .as("no raw personal data on the page or in the API")
          .doesNotContain("usr-", "web-", "@example.com", "192.0.2.", "198.51.100.", "203.0.113.");
    }
  }

  /**
   * Not the busiest campaign, which the page opens with, so that the picker has to work; of the
   * others the one with the most conversions (then the lowest id). Two conversions at least, so
   * that CPA is not just the spend.
   */
  private static String campaignWithConversions(Map<String, Measures> byCampaign) {
    String busiest =
        byCampaign.entrySet().stream()
            .max(Comparator.comparingLong(e -> e.getValue().impressions()))
            .orElseThrow()
            .getKey();
    return byCampaign.entrySet().stream()
        .filter(e -> !e.getKey().equals(busiest))
        .filter(
            e ->
                e.getValue().impressions() > 0
                    && e.getValue().clicks() > 0
                    && e.getValue().conversions() >= 2)
        .max(
            Comparator.<Map.Entry<String, Measures>>comparingLong(e -> e.getValue().conversions())
                .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
        .orElseThrow(
            () ->
                new AssertionError(
                    "the generated traffic has no campaign besides the busiest ("
                        + busiest
                        + ") with impressions, clicks and two conversions, so CPA could not be checked; change the profile. Campaigns: "
                        + byCampaign))
        .getKey();
  }

  /**
   * The number in a KPI's text such as "1,234.57 USD" or "1.25 %", after checking the unit it ends
   * with.
   */
  private static double shownAmount(String text, String unit) {
    assertThat(text).endsWith(" " + unit);
    return Double.parseDouble(
        text.substring(0, text.length() - unit.length() - 1).replace(",", ""));
  }

  private static String currencyOf(JsonNode campaigns, String campaign) {
    for (JsonNode c : campaigns.get("campaigns")) {
      if (c.get("campaign_id").asText().equals(campaign)) {
        assertThat(c.get("currency").isTextual()).as("currency of " + campaign).isTrue();
        return c.get("currency").asText();
      }
    }
    throw new AssertionError(campaign + " is not in /v1/campaigns: " + campaigns);
  }

  private static Measures truthIn(GroundTruth truth, String campaign, Instant from, Instant to) {
    Measures sum = Measures.ZERO;
    for (GroundTruth.CampaignMinute m : truth.campaignMinutes()) {
      if (m.campaignId().equals(campaign)
          && !m.minute().isBefore(from)
          && m.minute().isBefore(to)) {
        sum = sum.plus(measures(m));
      }
    }
    return sum;
  }

  private static Measures measures(GroundTruth.CampaignMinute m) {
    return new Measures(
        m.impressions(),
        m.clicks(),
        m.invalidClicks(),
        m.costMicros(),
        m.conversions(),
        m.conversionValueMicros(),
        m.duplicates(),
        m.orphanClicks());
  }

  private static JsonNode get(URI server, String path) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(server.resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
