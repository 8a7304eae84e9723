package io.adstream.generator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionKeysTest {

  @Test
  void servingEventsAreKeyedByTheUsersTokenNeverTheRawId() throws Exception {
    String userId = "usr-0123456789abcdef";
    byte[] digest =
        MessageDigest.getInstance("SHA-256").digest(userId.getBytes(StandardCharsets.UTF_8));
    String token = HexFormat.of().formatHex(digest, 0, 8);

    for (String type : List.of("impression", "click", "conversion")) {
      String line =
          "{\"event_id\":\"e\",\"event_type\":\""
              + type
              + "\",\"user_id\":\""
              + userId
              + "\",\"campaign_id\":\"cmp-1\",\"x\":{\"user_id\":\"nested\"}}";
      assertThat(PartitionKeys.forLine(line.getBytes(StandardCharsets.UTF_8)))
          .as(type)
          .isEqualTo(token);
    }
  }

  @Test
  void campaignLogsAndReportsAreKeyedByCampaign() {
    assertThat(
            PartitionKeys.forLine(
                utf8("{\"event_type\":\"sem_stats\",\"campaign_id\":\"cmp-7\",\"user_id\":\"u\"}")))
        .isEqualTo("cmp-7");
    assertThat(
            PartitionKeys.forLine(
                utf8("{\"event_type\":\"campaign_update\",\"campaign_id\":\"cmp-8\"}")))
        .isEqualTo("cmp-8");
  }

  @Test
  void recordsWithoutAUsableKeyAreKeyedByAStableHashOfTheirBytes() {
    byte[] cut = utf8("{\"event_type\":\"click\",\"user_id\":\"usr-1\",\"cli");
    byte[] notUtf8 = {'{', (byte) 0xFF, '}'};
    byte[] numericUser = utf8("{\"event_type\":\"click\",\"user_id\":42}");

    for (byte[] line : List.of(cut, notUtf8, numericUser)) {
      assertThat(PartitionKeys.forLine(line))
          .matches("[0-9a-f]{16}")
          .isEqualTo(PartitionKeys.forLine(line.clone()));
    }
    assertThat(PartitionKeys.forLine(cut)).isNotEqualTo(PartitionKeys.forLine(numericUser));
  }

  @Test
  void oneUsersGeneratedEventsShareAShard() {
    Generated run = Generated.run(Generated.sampleProfile().events(5_000).build());

    run.acceptedLines().stream()
        .map(line -> run.json(line).orElseThrow())
        .filter(e -> e.has("user_id"))
        .collect(java.util.stream.Collectors.groupingBy(e -> e.get("user_id").textValue()))
        .forEach(
            (user, events) ->
                assertThat(events.stream().map(PartitionKeysTest::key).distinct()).hasSize(1));
    assertThat(run.lines())
        .allSatisfy(line -> assertThat(PartitionKeys.forLine(line).length()).isBetween(1, 256));
  }

  private static String key(JsonNode event) {
    return PartitionKeys.forLine(event.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
