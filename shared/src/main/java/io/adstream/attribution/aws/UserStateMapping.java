package io.adstream.attribution.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adstream.attribution.UserState;
import io.adstream.config.AdstreamConfig;
import io.adstream.features.aws.ActivityJson;
import io.adstream.state.aws.PartitionKeyedMapping;
import io.adstream.state.aws.StateJson;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Features table: pk {@code usr#<user token>}, attribute {@code u}: recent clicks ({@code k}) and
 * conversions with their last-click credits ({@code v}) for attribution, and the activity the
 * user's features derive from ({@code a}).
 */
public final class UserStateMapping extends PartitionKeyedMapping<String, UserState> {
  private final Duration retention;

  public UserStateMapping(AdstreamConfig config) {
    super(config.names().featuresTable(), user -> "usr#" + user);
    this.retention =
        config
            .windows()
            .conversionLookback()
            .plus(config.windows().allowedLateness())
            .plus(config.retention().features());
  }

  @Override
  public Map<String, AttributeValue> encode(UserState value) {
    return Map.of("u", AttributeValue.fromS(write(value)));
  }

  @Override
  public UserState decode(Map<String, AttributeValue> item) {
    return read(item.get("u").s());
  }

  @Override
  public long expiresAt(String user, UserState value) {
    return value.activity().asOf().orElse(Instant.EPOCH).plus(retention).getEpochSecond();
  }

  private static String write(UserState state) {
    ObjectNode node = StateJson.NODES.objectNode();
    ArrayNode clicks = node.putArray("k");
    state.clicks().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                clicks
                    .addArray()
                    .add(e.getKey())
                    .add(e.getValue().time().toEpochMilli())
                    .add(e.getValue().campaignId()));
    ArrayNode conversions = node.putArray("v");
    state.conversions().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              ArrayNode c =
                  conversions
                      .addArray()
                      .add(e.getKey())
                      .add(e.getValue().time().toEpochMilli())
                      .add(e.getValue().valueMicros());
              e.getValue()
                  .credit()
                  .ifPresent(
                      credit ->
                          c.add(credit.clickId())
                              .add(credit.clickTime().toEpochMilli())
                              .add(credit.campaignId()));
            });
    node.set("a", ActivityJson.write(state.activity()));
    return StateJson.write(node);
  }

  private static UserState read(String json) {
    JsonNode node = StateJson.read(json);
    Map<String, UserState.ClickRef> clicks = new HashMap<>();
    node.path("k")
        .forEach(
            c ->
                clicks.put(
                    c.get(0).asText(),
                    new UserState.ClickRef(
                        Instant.ofEpochMilli(c.get(1).asLong()), c.get(2).asText())));
    Map<String, UserState.CreditedConversion> conversions = new HashMap<>();
    node.path("v")
        .forEach(
            c -> {
              Optional<UserState.ClickCredit> credit =
                  c.size() > 3
                      ? Optional.of(
                          new UserState.ClickCredit(
                              c.get(3).asText(),
                              Instant.ofEpochMilli(c.get(4).asLong()),
                              c.get(5).asText()))
                      : Optional.empty();
              conversions.put(
                  c.get(0).asText(),
                  new UserState.CreditedConversion(
                      Instant.ofEpochMilli(c.get(1).asLong()), c.get(2).asLong(), credit));
            });
    return new UserState(clicks, conversions, ActivityJson.read(node.path("a")));
  }
}
