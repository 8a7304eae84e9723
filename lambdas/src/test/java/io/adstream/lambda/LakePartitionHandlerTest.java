package io.adstream.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.KinesisFirehoseEvent;
import io.adstream.config.AdstreamConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The delivery streams' transformation files each packed record by its first line and passes its
 * bytes through unchanged; what is not lake lines goes to the error prefix whole, never dropped.
 */
class LakePartitionHandlerTest {
  private static final AdstreamConfig CONFIG = AdstreamConfig.defaults();
  private final LakePartitionHandler handler = new LakePartitionHandler(CONFIG);

  private static final String CLICKS =
      """
      {"event_id":"e1","event_type":"click","event_time":"2026-12-06T23:59:59.999Z","click_id":"c1"}
      {"event_id":"e2","event_type":"click","event_time":"2026-12-06T23:10:00.000Z","click_id":"c2"}
      """;
  private static final String QUARANTINED =
      """
      {"quarantine_version":1,"reasons":[{"code":"not_json","detail":"x"}],"source":{"stream":"s","shard_id":"shardId-000000000001","sequence_number":"7","arrival_time":"2026-12-07T00:00:01.000Z"}}
      """;

  private static KinesisFirehoseEvent event(String stream, String... records) {
    KinesisFirehoseEvent event = new KinesisFirehoseEvent();
    event.setDeliveryStreamArn("arn:aws:firehose:eu-west-1:123456789012:deliverystream/" + stream);
    List<KinesisFirehoseEvent.Record> list = new java.util.ArrayList<>();
    for (int i = 0; i < records.length; i++) {
      KinesisFirehoseEvent.Record record = new KinesisFirehoseEvent.Record();
      record.setRecordId("r" + i);
      record.setData(ByteBuffer.wrap(records[i].getBytes(StandardCharsets.UTF_8)));
      list.add(record);
    }
    event.setRecords(list);
    return event;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> records(Map<String, Object> response) {
    return (List<Map<String, Object>>) response.get("records");
  }

  private static String decoded(Map<String, Object> record) {
    return new String(
        Base64.getDecoder().decode((String) record.get("data")), StandardCharsets.UTF_8);
  }

  @Test
  void aPackedRecordIsFiledByItsFirstLineAndPassesThroughUnchanged() {
    var response =
        records(
            handler.handleRequest(event(CONFIG.names().enrichedDeliveryStream(), CLICKS), null));

    assertThat(response).hasSize(1);
    assertThat(response.getFirst())
        .containsEntry("recordId", "r0")
        .containsEntry("result", "Ok")
        .containsEntry(
            "metadata",
            Map.of(
                "partitionKeys", Map.of("event_type", "click", "dt", "2026-12-06", "hour", "23")));
    assertThat(decoded(response.getFirst())).isEqualTo(CLICKS);
  }

  @Test
  void quarantineIsFiledByArrivalTimeAndTypeUnknownWhenItHasNone() {
    var response =
        records(
            handler.handleRequest(
                event(CONFIG.names().quarantineDeliveryStream(), QUARANTINED), null));

    assertThat(response.getFirst().get("metadata"))
        .isEqualTo(
            Map.of(
                "partitionKeys",
                Map.of("event_type", "unknown", "dt", "2026-12-07", "hour", "00")));
  }

  @Test
  void whatIsNotLakeLinesIsLeftToTheErrorPrefixWhole() {
    var response =
        records(
            handler.handleRequest(
                event(CONFIG.names().attributionDeliveryStream(), "not json\n", CLICKS), null));

    assertThat(response.get(0))
        .containsEntry("result", "ProcessingFailed")
        .doesNotContainKey("metadata");
    assertThat(decoded(response.get(0))).isEqualTo("not json\n");
    assertThat(response.get(1)).containsEntry("result", "Ok");
  }

  @Test
  void aDeliveryStreamOfAnotherDeploymentIsRefusedByName() {
    assertThatThrownBy(() -> handler.handleRequest(event("someone-elses-stream", CLICKS), null))
        .hasMessageContaining("someone-elses-stream");
  }
}
