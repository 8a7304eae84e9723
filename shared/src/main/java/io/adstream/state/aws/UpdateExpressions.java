package io.adstream.state.aws;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Applies the plain forms of an UpdateItem expression to an item image — {@code SET a = :v}, {@code
 * ADD a :v} (numbers and sets), {@code REMOVE a}, {@code DELETE a :v} on top-level attributes — so
 * the size of the item after an update is known without reading it back. Anything else (functions,
 * arithmetic, nested paths) answers empty, and the caller reads the item instead.
 */
final class UpdateExpressions {
  private static final Pattern CLAUSE = Pattern.compile("(?i)\\b(SET|ADD|REMOVE|DELETE)\\b");
  private static final Pattern NAME = Pattern.compile("#?[A-Za-z0-9_]+");
  private static final Pattern VALUE = Pattern.compile(":[A-Za-z0-9_]+");

  private UpdateExpressions() {}

  static Optional<Map<String, AttributeValue>> apply(
      Map<String, AttributeValue> before,
      String expression,
      Map<String, String> names,
      Map<String, AttributeValue> values) {
    if (expression.contains("(") || expression.contains("[") || expression.contains(".")) {
      return Optional.empty();
    }
    Map<String, AttributeValue> item = new HashMap<>(before);
    Matcher clause = CLAUSE.matcher(expression);
    List<int[]> starts = clause.results().map(r -> new int[] {r.start(), r.end()}).toList();
    if (starts.isEmpty() || !expression.substring(0, starts.getFirst()[0]).isBlank()) {
      return Optional.empty();
    }
    for (int i = 0; i < starts.size(); i++) {
      String keyword =
          expression
              .substring(starts.get(i)[0], starts.get(i)[1])
              .toUpperCase(java.util.Locale.ROOT);
      int end = i + 1 < starts.size() ? starts.get(i + 1)[0] : expression.length();
      for (String action : expression.substring(starts.get(i)[1], end).split(",")) {
        if (!applyAction(item, keyword, action.strip(), names, values)) {
          return Optional.empty();
        }
      }
    }
    return Optional.of(item);
  }

  private static boolean applyAction(
      Map<String, AttributeValue> item,
      String keyword,
      String action,
      Map<String, String> names,
      Map<String, AttributeValue> values) {
    String[] parts = keyword.equals("SET") ? action.split("=", -1) : action.split("\\s+");
    if (keyword.equals("REMOVE")) {
      Optional<String> removed = parts.length == 1 ? name(parts[0], names) : Optional.empty();
      removed.ifPresent(item::remove);
      return removed.isPresent();
    }
    if (parts.length != 2) {
      return false;
    }
    Optional<String> name = name(parts[0].strip(), names);
    String valueRef = parts[1].strip();
    if (name.isEmpty() || !VALUE.matcher(valueRef).matches() || !values.containsKey(valueRef)) {
      return false;
    }
    AttributeValue value = values.get(valueRef);
    AttributeValue current = item.get(name.get());
    switch (keyword) {
      case "SET" -> item.put(name.get(), value);
      case "ADD" -> {
        Optional<AttributeValue> sum = add(current, value);
        if (sum.isEmpty()) {
          return false;
        }
        item.put(name.get(), sum.get());
      }
      case "DELETE" -> {
        if (current == null) {
          return true;
        }
        if (!current.hasSs() || !value.hasSs()) {
          return false;
        }
        Set<String> left = new LinkedHashSet<>(current.ss());
        left.removeAll(value.ss());
        if (left.isEmpty()) {
          item.remove(name.get());
        } else {
          item.put(name.get(), AttributeValue.fromSs(List.copyOf(left)));
        }
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  private static Optional<AttributeValue> add(AttributeValue current, AttributeValue value) {
    if (value.n() != null) {
      BigDecimal base =
          current == null
              ? BigDecimal.ZERO
              : current.n() == null ? null : new BigDecimal(current.n());
      return base == null
          ? Optional.empty()
          : Optional.of(AttributeValue.fromN(base.add(new BigDecimal(value.n())).toPlainString()));
    }
    if (value.hasSs() && (current == null || current.hasSs())) {
      Set<String> union = new LinkedHashSet<>(current == null ? List.of() : current.ss());
      union.addAll(value.ss());
      return Optional.of(AttributeValue.fromSs(List.copyOf(union)));
    }
    return Optional.empty();
  }

  private static Optional<String> name(String token, Map<String, String> names) {
    if (!NAME.matcher(token).matches()) {
      return Optional.empty();
    }
    return token.startsWith("#") ? Optional.ofNullable(names.get(token)) : Optional.of(token);
  }
}
