package io.adstream.state.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class UpdateExpressionsTest {
  private static final Map<String, AttributeValue> KEY = Map.of("pk", AttributeValue.fromS("k"));

  @Test
  void appliesSetAddRemoveAndDelete() {
    Map<String, AttributeValue> before =
        Map.of(
            "pk",
            AttributeValue.fromS("k"),
            "old",
            AttributeValue.fromS("x"),
            "n",
            AttributeValue.fromN("2"),
            "p",
            AttributeValue.fromSs(List.of("a", "b")));
    var after =
        UpdateExpressions.apply(
            before,
            "SET eid = :eid, #d = :d ADD n :one, p :ref REMOVE old DELETE p :gone",
            Map.of("#d", "d"),
            Map.of(
                ":eid", AttributeValue.fromS("e-1"),
                ":d", AttributeValue.fromS("dec"),
                ":one", AttributeValue.fromN("1"),
                ":ref", AttributeValue.fromSs(List.of("c")),
                ":gone", AttributeValue.fromSs(List.of("a"))));

    assertThat(after)
        .contains(
            Map.of(
                "pk", AttributeValue.fromS("k"),
                "eid", AttributeValue.fromS("e-1"),
                "d", AttributeValue.fromS("dec"),
                "n", AttributeValue.fromN("3"),
                "p", AttributeValue.fromSs(List.of("b", "c"))));
  }

  @Test
  void answersEmptyForWhatItCannotApply() {
    assertThat(
            UpdateExpressions.apply(
                KEY,
                "SET n = if_not_exists(n, :z)",
                Map.of(),
                Map.of(":z", AttributeValue.fromN("0"))))
        .isEmpty();
    assertThat(
            UpdateExpressions.apply(
                KEY, "SET m.a = :v", Map.of(), Map.of(":v", AttributeValue.fromN("0"))))
        .isEmpty();
    assertThat(
            UpdateExpressions.apply(
                KEY, "SET n = n + :v", Map.of(), Map.of(":v", AttributeValue.fromN("1"))))
        .isEmpty();
  }
}
