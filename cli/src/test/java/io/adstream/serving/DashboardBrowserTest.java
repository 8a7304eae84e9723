package io.adstream.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adstream.aggregation.Measures;
import io.adstream.aws.ProvisioningPlan;
import io.adstream.config.AdstreamConfig;
import io.adstream.generator.CrawlerList;
import io.adstream.generator.GeneratedTraffic;
import io.adstream.generator.TrafficGenerator;
import io.adstream.generator.TrafficProfile;
import io.adstream.generator.truth.GroundTruth;
import io.adstream.generator.truth.TruthEvaluator;
import io.adstream.lambda.ApiHandler;
import io.adstream.lambda.ProcessorHandler;
import io.adstream.local.LocalAwsExtension;
import io.adstream.local.emulator.LocalAws;
import io.adstream.local.harness.LocalRun;
import io.adstream.local.harness.PipelineTotals;
import io.adstream.local.serve.LocalApiServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dashboard end to end in headless Chromium: generated traffic through the pipeline on the emulator,
 * {@code adstream serve}'s server over the result, the page opened and a campaign picked in its picker. The
 * numbers the page shows equal the API's for the same range, and both equal the generator's ground truth.
 * The screenshot is kept as target/dashboard-e2e.png.
 */
@ExtendWith(LocalAwsExtension.class)
class DashboardBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Path SCREENSHOT = Path.of("target", "dashboard-e2e.png");

  @Test
  void theDashboardShowsWhatTheApiAndTheGroundTruthSay(LocalAws aws) throws Exception {
    AdstreamConfig config = AdstreamConfig.withOverrides("{\"prefix\":\"d" + UUID.randomUUID().toString().substring(0, 8) + "\"}");
    TrafficProfile profile =
        TrafficProfile.builder()
            .seed(8)
            .events(2_500)
            .campaigns(3)
            .start(Instant.now().minus(Duration.ofMinutes(45)).truncatedTo(ChronoUnit.MINUTES))
            .duration(Duration.ofMinutes(30))
            .clickFloods(1)
            .config(config)
            .build();
    GeneratedTraffic traffic = TrafficGenerator.builder().profile(profile).build().generate();
    GroundTruth truth =
        TruthEvaluator.builder().config(config).processingTime(profile.end()).crawlers(CrawlerList.load()).build().evaluate(traffic.lines());
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    LocalRun.builder()
        .aws(aws)
        .config(config)
        .handler(() -> new ProcessorHandler(aws.clients(), config, ProvisioningPlan.of(config).alertTopicArn(), new PipelineTotals()))
        .progress(quiet, false)
        .functionLog(quiet)
        .build()
        .run(traffic.lines().iterator());
    // not the busiest campaign, which the page opens with, so that the picker has to work; the one with the
    // most conversions among the others, so that CPA is compared too
    Map<String, Measures> byCampaign = new TreeMap<>();
    truth.campaignMinutes().forEach(m -> byCampaign.merge(m.campaignId(), measures(m), Measures::plus));
    String busiest = byCampaign.entrySet().stream().max(Comparator.comparingLong(e -> e.getValue().impressions())).orElseThrow().getKey();
    String campaign =
        byCampaign.entrySet().stream()
            .filter(e -> !e.getKey().equals(busiest))
            .max(Comparator.<Map.Entry<String, Measures>>comparingLong(e -> e.getValue().conversions()).thenComparingLong(e -> e.getValue().impressions()))
            .orElseThrow()
            .getKey();

    try (LocalApiServer server = LocalApiServer.start(new ApiHandler(aws.clients(), config, Clock.systemUTC()), 0);
        HeadlessChromium browser = HeadlessChromium.launch()) {
      browser.navigate(server.uri().toString());
      browser.waitFor("document.getElementById('campaign').options.length >= 2 && document.getElementById('kpis').dataset.campaign", Duration.ofSeconds(30));
      browser.evaluate(
          "(() => { const p = document.getElementById('campaign'); p.value = '" + campaign + "'; p.dispatchEvent(new Event('change')); })()");
      browser.waitFor("document.getElementById('kpis').dataset.campaign === '" + campaign + "'", Duration.ofSeconds(30));
      browser.waitFor("document.querySelectorAll('#alerts li').length > 0 && document.querySelectorAll('canvas').length >= 3", Duration.ofSeconds(30));
      browser.screenshot(SCREENSHOT);

      JsonNode shown = browser.evaluate(
          "(() => { const k = document.getElementById('kpis').dataset; const v = id => document.getElementById(id);"
              + " const out = { from: k.from, to: k.to, granularity: k.granularity, text: document.body.innerText };"
              + " for (const id of ['impressions','clicks','ctr','spend','conversions','cpa','invalid-clicks'])"
              + " { out[id] = v('kpi-' + id).dataset.value; out[id + '-text'] = v('kpi-' + id).textContent; } return out; })()");
      JsonNode api =
          get(server.uri(), "/v1/campaigns/" + campaign + "/metrics?granularity=" + shown.get("granularity").asText()
              + "&from=" + encode(shown.get("from").asText()) + "&to=" + encode(shown.get("to").asText()));
      JsonNode totals = api.get("totals");
      Measures expected = truthIn(truth, campaign, Instant.parse(shown.get("from").asText()), Instant.parse(shown.get("to").asText()));
      System.out.printf("dashboard %s over %s..%s: page %s; truth %s%n", campaign, shown.get("from").asText(), shown.get("to").asText(), totals, expected);

      assertThat(expected.impressions()).as("the range holds the campaign's traffic").isPositive();
      assertThat(shown.get("impressions").asLong()).isEqualTo(totals.get("impressions").asLong()).isEqualTo(expected.impressions());
      assertThat(shown.get("clicks").asLong()).isEqualTo(totals.get("clicks").asLong()).isEqualTo(expected.clicks());
      assertThat(shown.get("spend").asLong()).isEqualTo(totals.get("cost_micros").asLong()).isEqualTo(expected.costMicros());
      assertThat(shown.get("conversions").asLong()).isEqualTo(totals.get("conversions").asLong()).isEqualTo(expected.conversions());
      assertThat(shown.get("invalid-clicks").asLong()).isEqualTo(totals.get("invalid_clicks").asLong()).isEqualTo(expected.invalidClicks());
      assertThat(shown.get("ctr").asText()).isEqualTo(totals.get("ctr").asText());
      assertThat(shown.get("cpa").asText()).isEqualTo(totals.get("cpa_micros").isNull() ? "" : totals.get("cpa_micros").asText());
      assertThat(shown.get("impressions-text").asText()).isEqualTo(String.format(java.util.Locale.US, "%,d", expected.impressions()));
      assertThat(shown.get("spend-text").asText()).startsWith(String.format(java.util.Locale.US, "%,.2f", expected.costMicros() / 1e6));

      String everything = shown.get("text").asText() + get(server.uri(), "/v1/campaigns") + get(server.uri(), "/v1/alerts") + api;
      assertThat(everything).as("no raw personal data on the page or in the API")
          .doesNotContain("usr-", "web-", "@example.com", "192.0.2.", "198.51.100.", "203.0.113.");
    }
  }

  private static Measures truthIn(GroundTruth truth, String campaign, Instant from, Instant to) {
    Measures sum = Measures.ZERO;
    for (GroundTruth.CampaignMinute m : truth.campaignMinutes()) {
      if (m.campaignId().equals(campaign) && !m.minute().isBefore(from) && m.minute().isBefore(to)) {
        sum = sum.plus(measures(m));
      }
    }
    return sum;
  }

  private static Measures measures(GroundTruth.CampaignMinute m) {
    return new Measures(m.impressions(), m.clicks(), m.invalidClicks(), m.costMicros(), m.conversions(), m.conversionValueMicros(), m.duplicates(), m.orphanClicks());
  }

  private static JsonNode get(URI server, String path) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
