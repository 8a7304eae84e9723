package io.adstream.migration.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Unit prices of one region on one date, each with where it came from. Shipped as {@value
 * #DEFAULT}; a user updates a copy and passes it with {@code --prices}.
 */
public record PriceTable(String region, String date, String currency, Map<String, Price> prices) {
  public static final String DEFAULT = "/io/adstream/migration/cost/prices-us-east-1.json";

  /** One price: US dollars per unit. */
  public record Price(double usd, String unit, String source) {}

  public PriceTable {
    prices = Map.copyOf(prices);
  }

  public static PriceTable defaults() {
    try {
      return parse(DEFAULT, MeasuredUsage.resource(DEFAULT));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static PriceTable read(Path file) throws IOException {
    return parse(file.toString(), Files.readAllBytes(file));
  }

  static PriceTable parse(String name, byte[] json) throws IOException {
    JsonNode root = new ObjectMapper().readTree(json);
    Map<String, Price> prices = new TreeMap<>();
    for (String field : new String[] {"region", "date", "currency", "prices"}) {
      if (root == null || root.get(field) == null) {
        throw new IllegalArgumentException(name + ": field " + field + " is missing");
      }
    }
    root.get("prices")
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode p = e.getValue();
              if (!p.path("usd").isNumber()
                  || !p.path("unit").isTextual()
                  || !p.path("source").isTextual()) {
                throw new IllegalArgumentException(
                    name + ": price " + e.getKey() + " needs usd (a number), unit and source");
              }
              prices.put(
                  e.getKey(),
                  new Price(
                      p.get("usd").asDouble(), p.get("unit").asText(), p.get("source").asText()));
            });
    return new PriceTable(
        root.get("region").asText(),
        root.get("date").asText(),
        root.get("currency").asText(),
        prices);
  }

  public Price price(String key) {
    Price price = prices.get(key);
    if (price == null) {
      throw new IllegalArgumentException(
          "the price table (" + region + ", " + date + ") has no price " + key);
    }
    return price;
  }
}
