package io.adstream.dedup.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.adstream.attribution.ClickJoin;
import io.adstream.attribution.ConversionJoin;
import io.adstream.attribution.CreditMove;
import io.adstream.attribution.Decision;
import io.adstream.attribution.Decision.ClickDecision;
import io.adstream.attribution.Decision.ConversionDecision;
import io.adstream.attribution.Decision.ImpressionDecision;
import io.adstream.attribution.Decision.PlainDecision;
import io.adstream.attribution.UserState.ClickCredit;
import io.adstream.state.aws.StateJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decisions as compact JSON arrays: an impression's decision is stored with every impression claim,
 * so its bytes are most of the write budget's margin.
 */
public final class DecisionCodec {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private DecisionCodec() {}

  public static String encode(Decision decision) {
    ArrayNode node = NODES.arrayNode();
    switch (decision) {
      case ImpressionDecision d -> node.add("i").add(d.late());
      case PlainDecision d -> node.add("p").add(d.late());
      case ClickDecision d -> {
        // ["c", late, crawler, campaign, join, credits, flooded, cost]
        node.add("c").add(d.late()).add(d.crawler()).add(d.campaignId());
        ArrayNode join = node.addArray();
        switch (d.join()) {
          case ClickJoin.Attributed a -> join.add("a").add(a.impressionId());
          case ClickJoin.Pending p -> join.add("p").add(p.impressionId());
          case ClickJoin.Orphan o -> join.add("o").add(o.reason().name());
          case ClickJoin.Late l -> join.add("l");
        }
        ArrayNode credits = node.addArray();
        for (CreditMove move : d.credits()) {
          ArrayNode m =
              credits
                  .addArray()
                  .add(move.conversionId())
                  .add(move.conversionTime().toEpochMilli())
                  .add(move.valueMicros())
                  .add(move.method() == CreditMove.Method.CLICK_ID ? "C" : "L");
          move.from()
              .ifPresent(
                  f -> m.add(f.clickId()).add(f.clickTime().toEpochMilli()).add(f.campaignId()));
        }
        node.add(d.flooded()).add(d.costMicros());
      }
      case ConversionDecision d -> {
        node.add("v").add(d.late());
        ArrayNode join = node.addArray();
        switch (d.join()) {
          case ConversionJoin.ByClickId by ->
              join.add("c").add(by.clickId()).add(by.campaign()).add(by.clickTime().toEpochMilli());
          case ConversionJoin.ByLastClick by ->
              join.add("s").add(by.clickId()).add(by.campaign()).add(by.clickTime().toEpochMilli());
          case ConversionJoin.PendingClick p -> join.add("p").add(p.clickId());
          case ConversionJoin.Unattributed u -> join.add("u");
          case ConversionJoin.Late l -> join.add("l");
        }
      }
    }
    return StateJson.write(node);
  }

  public static Decision decode(String json) {
    JsonNode node = StateJson.read(json);
    boolean late = node.get(1).asBoolean();
    return switch (node.get(0).asText()) {
      case "i" -> new ImpressionDecision(late);
      case "p" -> new PlainDecision(late);
      case "c" ->
          new ClickDecision(
              late,
              node.get(2).asBoolean(),
              node.get(6).asBoolean(),
              node.get(3).asText(),
              node.get(7).asLong(),
              clickJoin(node.get(4)),
              credits(node.get(5)));
      case "v" -> new ConversionDecision(late, conversionJoin(node.get(2)));
      default -> throw new IllegalStateException("unknown stored decision: " + json);
    };
  }

  private static ClickJoin clickJoin(JsonNode join) {
    return switch (join.get(0).asText()) {
      case "a" -> new ClickJoin.Attributed(join.get(1).asText());
      case "p" -> new ClickJoin.Pending(join.get(1).asText());
      case "o" -> new ClickJoin.Orphan(ClickJoin.OrphanReason.valueOf(join.get(1).asText()));
      case "l" -> new ClickJoin.Late();
      default -> throw new IllegalStateException("unknown stored click join: " + join);
    };
  }

  private static ConversionJoin conversionJoin(JsonNode join) {
    return switch (join.get(0).asText()) {
      case "c" ->
          new ConversionJoin.ByClickId(
              join.get(1).asText(),
              join.get(2).asText(),
              Instant.ofEpochMilli(join.get(3).asLong()));
      case "s" ->
          new ConversionJoin.ByLastClick(
              join.get(1).asText(),
              join.get(2).asText(),
              Instant.ofEpochMilli(join.get(3).asLong()));
      case "p" -> new ConversionJoin.PendingClick(join.get(1).asText());
      case "u" -> new ConversionJoin.Unattributed();
      case "l" -> new ConversionJoin.Late();
      default -> throw new IllegalStateException("unknown stored conversion join: " + join);
    };
  }

  private static List<CreditMove> credits(JsonNode credits) {
    List<CreditMove> moves = new ArrayList<>();
    for (JsonNode m : credits) {
      Optional<ClickCredit> from =
          m.size() > 4
              ? Optional.of(
                  new ClickCredit(
                      m.get(4).asText(),
                      Instant.ofEpochMilli(m.get(5).asLong()),
                      m.get(6).asText()))
              : Optional.empty();
      moves.add(
          new CreditMove(
              m.get(0).asText(),
              Instant.ofEpochMilli(m.get(1).asLong()),
              m.get(2).asLong(),
              "C".equals(m.get(3).asText())
                  ? CreditMove.Method.CLICK_ID
                  : CreditMove.Method.LAST_CLICK,
              from));
    }
    return moves;
  }
}
