package io.adstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adstream.aws.ProvisioningPlan;
import io.adstream.config.AdstreamConfig;
import io.adstream.generator.CrawlerList;
import io.adstream.generator.ExpectedAlert;
import io.adstream.generator.GeneratedTraffic;
import io.adstream.generator.TrafficGenerator;
import io.adstream.generator.TrafficProfile;
import io.adstream.generator.truth.TruthEvaluator;
import io.adstream.lambda.AlertCheckHandler;
import io.adstream.lambda.ProcessorHandler;
import io.adstream.local.EmulatorTest;
import io.adstream.local.emulator.LocalAws;
import io.adstream.local.harness.LocalRun;
import io.adstream.local.harness.PipelineTotals;
import io.adstream.pii.KeyRing;
import io.adstream.pii.PiiKind;
import io.adstream.pii.PiiMasker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * guarantee 6 (docs/guarantees.md) on the emulator: the alerts reach an SQS queue subscribed to the
 * alert topic. Every fraud pattern the generator injects raises its alert exactly once — even when
 * invocations crash and batches are redelivered, and when the scheduled check runs again — clean
 * traffic of the same volume raises none, and a subscription's filter policy delivers only the
 * alerts it asks for.
 */
@EmulatorTest
class AlertsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int EVENTS = 4_000;

  @Test
  void everyInjectedPatternRaisesItsAlertExactlyOnceAndFiltersDeliverOnlyWhatTheyAskFor(
      LocalAws aws) throws Exception {
    AdstreamConfig config = config();
    ProvisioningPlan plan = ProvisioningPlan.of(config);
    TrafficProfile profile =
        profile(config, 21)
            .botRate(0.05)
            .clickFloods(2)
            .clickInjections(2)
            .scheduledPatterns(new TrafficProfile.ScheduledPatterns(1, 1, 1, 1, 1))
            .build();
    GeneratedTraffic traffic = TrafficGenerator.builder().profile(profile).build().generate();
    Instant checkTime = Instant.now();
    List<ExpectedAlert> expected =
        TruthEvaluator.builder()
            .config(config)
            .processingTime(profile.end())
            .alertCheckTime(checkTime)
            .crawlers(CrawlerList.load())
            .build()
            .evaluate(traffic.lines())
            .alerts();
    String floodsOnly = subscribeFiltered(aws, plan, "{\"rule\":[\"click_flood\"]}");
    String highOnly = subscribeFiltered(aws, plan, "{\"severity\":[\"HIGH\",\"CRITICAL\"]}");
    String budgetsOnly = subscribeFiltered(aws, plan, "{\"rule\":[{\"prefix\":\"budget_\"}]}");

    AlertCheckHandler check =
        new AlertCheckHandler(
            aws.clients(), config, plan.alertTopicArn(), Clock.fixed(checkTime, ZoneOffset.UTC));
    run(aws, config, traffic, new SplittableRandom(21), check);
    assertThat(check.handleRequest(new ScheduledEvent(), null))
        .as("the check run again publishes nothing")
        .isEmpty();
    List<JsonNode> published = drain(aws, plan.alertSubscriber().name());

    PiiMasker tokens = masker(aws, plan);
    TreeSet<String> wanted = new TreeSet<>();
    for (ExpectedAlert alert : expected) {
      wanted.add(alert.rule() + " " + tokenized(alert.subject(), tokens) + " " + alert.minute());
    }
    Map<String, Integer> got = new HashMap<>();
    for (JsonNode alert : published) {
      got.merge(
          alert.get("rule").asText()
              + " "
              + alert.get("subject").asText()
              + " "
              + alert.get("window_start").asText(),
          1,
          Integer::sum);
    }
    assertThat(expected.stream().map(ExpectedAlert::rule).distinct())
        .containsExactlyInAnyOrder(
            ExpectedAlert.CLICK_FLOOD,
            ExpectedAlert.BOT_CLICK,
            ExpectedAlert.CLICK_INJECTION,
            ExpectedAlert.ORPHAN_CLICKS,
            ExpectedAlert.BUDGET_OVERRUN,
            ExpectedAlert.BUDGET_PACING,
            ExpectedAlert.ANOMALY,
            ExpectedAlert.SOURCE_SILENCE);
    assertThat(expected)
        .as("the independent truth finds every planted pattern")
        .containsAll(
            traffic.report().patterns().stream().flatMap(p -> p.alerts().stream()).toList());
    assertThat(got.keySet()).as("alerts published").isEqualTo(wanted);
    assertThat(got.values()).as("each alert published once").allMatch(n -> n == 1);
    assertThat(published.toString())
        .as("no raw ids in alerts")
        .doesNotContain("usr-")
        .doesNotContain("203.0.113.");

    assertThat(drain(aws, floodsOnly))
        .extracting(a -> a.get("rule").asText())
        .isNotEmpty()
        .containsOnly("click_flood");
    assertThat(drain(aws, highOnly))
        .extracting(a -> a.get("severity").asText())
        .isNotEmpty()
        .containsOnly("HIGH")
        .hasSize(
            (int)
                published.stream().filter(a -> a.get("severity").asText().equals("HIGH")).count());
    assertThat(drain(aws, budgetsOnly))
        .extracting(a -> a.get("rule").asText())
        .containsExactlyInAnyOrderElementsOf(
            published.stream()
                .map(a -> a.get("rule").asText())
                .filter(rule -> rule.startsWith("budget_"))
                .toList())
        .contains("budget_overrun", "budget_pacing");
  }

  @Test
  void cleanTrafficOfTheSameVolumeRaisesNone(LocalAws aws) throws Exception {
    AdstreamConfig config = config();
    TrafficProfile profile =
        profile(config, 22)
            .botRate(0)
            .clickFloods(0)
            .clickInjections(0)
            .scheduledPatterns(TrafficProfile.ScheduledPatterns.NONE)
            .build();
    GeneratedTraffic traffic = TrafficGenerator.builder().profile(profile).build().generate();

    String topic = ProvisioningPlan.of(config).alertTopicArn();
    run(
        aws,
        config,
        traffic,
        new SplittableRandom(22),
        new AlertCheckHandler(aws.clients(), config, topic, Clock.systemUTC()));

    List<JsonNode> falsePositives =
        drain(aws, ProvisioningPlan.of(config).alertSubscriber().name());
    System.out.printf(
        "alerts on %,d records of clean traffic: %d false positives%n",
        traffic.lines().size(), falsePositives.size());
    assertThat(falsePositives).isEmpty();
  }

  /**
   * Anomalies judged from 40 impressions a minute after 5 minutes of baseline, so that a lean test
   * can plant one (clean traffic of this volume never has 40 in a campaign minute); pacing judged
   * all day, so that a test at any hour can plant it.
   */
  private static AdstreamConfig config() {
    return AdstreamConfig.withOverrides(
        "{\"prefix\":\"a"
            + UUID.randomUUID().toString().substring(0, 8)
            + "\","
            + "\"mapping\":{\"batchSize\":200,\"maxRetryAttempts\":10000,\"maxRecordAge\":null},"
            + "\"alerts\":{\"anomaly\":{\"minImpressions\":40,\"warmupMinutes\":5},"
            + "\"budget\":{\"pacingUntilDayFraction\":1.0}}}");
  }

  private static TrafficProfile.Builder profile(AdstreamConfig config, long seed) {
    return TrafficProfile.builder()
        .seed(seed)
        .events(EVENTS)
        .start(Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MINUTES))
        .duration(Duration.ofHours(1))
        .config(config);
  }

  /** Through the event source mapping, with whole invocations crashing: batches are redelivered. */
  private static void run(
      LocalAws aws,
      AdstreamConfig config,
      GeneratedTraffic traffic,
      SplittableRandom chaos,
      AlertCheckHandler check)
      throws InterruptedException {
    String topic = ProvisioningPlan.of(config).alertTopicArn();
    LocalRun.builder()
        .aws(aws)
        .config(config)
        .handler(
            () ->
                CrashingHandler.wrap(
                    new ProcessorHandler(aws.clients(), config, topic, new PipelineTotals()),
                    chaos,
                    new AtomicInteger()))
        .alertCheck(() -> check)
        .progress(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false)
        .functionLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
        .build()
        .run(traffic.lines().iterator());
  }

  /**
   * A second queue on the alert topic, with a filter policy on message attributes; returns its
   * name.
   */
  private static String subscribeFiltered(
      LocalAws aws, ProvisioningPlan plan, String filterPolicy) {
    new io.adstream.local.provision.LocalProvisioner(aws.clients()).provision(plan);
    String name =
        plan.alertSubscriber().name() + "-" + Integer.toHexString(filterPolicy.hashCode());
    try (SqsClient sqs = aws.clients().sqs();
        SnsClient sns = aws.clients().sns()) {
      String url = sqs.createQueue(b -> b.queueName(name)).queueUrl();
      String arn =
          sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings("QueueArn"))
              .attributesAsStrings()
              .get("QueueArn");
      sns.subscribe(
          b ->
              b.topicArn(plan.alertTopicArn())
                  .protocol("sqs")
                  .endpoint(arn)
                  .attributes(Map.of("RawMessageDelivery", "true", "FilterPolicy", filterPolicy)));
    }
    return name;
  }

  private static List<JsonNode> drain(LocalAws aws, String queue) throws Exception {
    List<JsonNode> alerts = new ArrayList<>();
    try (SqsClient sqs = aws.clients().sqs()) {
      String url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
      while (true) {
        List<Message> messages =
            sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
                .messages();
        if (messages.isEmpty()) {
          return alerts;
        }
        for (Message message : messages) {
          alerts.add(JSON.readTree(message.body()));
          sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(message.receiptHandle()));
        }
      }
    }
  }

  private static PiiMasker masker(LocalAws aws, ProvisioningPlan plan) {
    try (SecretsManagerClient secrets = aws.clients().secretsManager()) {
      String document =
          secrets.getSecretValue(b -> b.secretId(plan.piiKey().name())).secretString();
      return PiiMasker.builder()
          .keyProvider(KeyRing.fromSecretDocument(document, plan.piiKey().name()))
          .build();
    }
  }

  /** The generator names raw ids; the pipeline names the same subjects by their tokens. */
  private static String tokenized(String subject, PiiMasker tokens) {
    int colon = subject.indexOf(':');
    String kind = subject.substring(0, colon);
    String value = subject.substring(colon + 1);
    return switch (kind) {
      case "device" -> kind + ":" + tokens.tokenOf(PiiKind.DEVICE, value);
      case "ip" -> kind + ":" + tokens.tokenOf(PiiKind.IP, value);
      default -> subject;
    };
  }
}
