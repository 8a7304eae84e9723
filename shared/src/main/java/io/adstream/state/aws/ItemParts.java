package io.adstream.state.aws;

import io.adstream.config.TableSpec;
import io.adstream.state.CapacityMeter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A versioned item too large for one DynamoDB item (400 KB), stored as a head and parts that one
 * transaction writes together. Only one map attribute, the mapping's {@link ItemMapping#spill}, is
 * divided: each entry goes to part {@link #partOf}; the head keeps every other attribute, part 0's
 * entries and the number of parts ({@code k}). A part's sort key is the head's plus {@code #p<i>},
 * so a Query of the head's sort-key range returns its parts too, and it carries the head's version:
 * a part whose version is not its head's is left over from an earlier write (the item has since
 * grown to more parts, or shrunk back to one) and is ignored.
 *
 * <p>Parts are read strongly consistently but not as one snapshot, so a read that finds a part of
 * another version than its head reads the item again.
 */
public final class ItemParts {
  /** On a head: how many parts the item has. Absent: the item is whole. */
  static final String PARTS = "k";

  /** On a part: its index (1 and up; the head is part 0). */
  static final String PART = "kp";

  /** One TransactWriteItems request carries at most 4 MB and 100 items. */
  static final int MAX_ITEM_BYTES = 4_000_000;

  static final int MAX_PARTS = 100;

  private static final int MAX_READ_ROUNDS = 5;

  private ItemParts() {}

  /**
   * @param map the map attribute whose entries are divided over the parts
   * @param maxPartBytes the most bytes one part may take, by DynamoDB's sizing rules
   * @param entryValueBytesAtMost the most bytes one entry's value can take: with the entries'
   *     names, what bounds the item's size without walking every value
   */
  public record Spill(String map, int maxPartBytes, int entryValueBytesAtMost) {}

  /**
   * The items that store {@code item}: itself when it fits one item (or cannot be divided), else a
   * head and its parts. Empty when even parts cannot hold it.
   */
  static Optional<List<Map<String, AttributeValue>>> split(
      Map<String, AttributeValue> item, Optional<Spill> spill) {
    if (spill.isEmpty()
        || !item.containsKey(TableSpec.SORT_KEY)
        || !item.containsKey(spill.get().map())
        // the exact size is a walk of every value: only for items that may be past the limit
        || atMost(item, spill.get()) <= spill.get().maxPartBytes()) {
      return Optional.of(List.of(item));
    }
    int size = ItemSize.of(item);
    if (size <= spill.get().maxPartBytes()) {
      return Optional.of(List.of(item));
    }
    if (size > MAX_ITEM_BYTES) {
      return Optional.empty();
    }
    String name = spill.get().map();
    int maxPartBytes = spill.get().maxPartBytes();
    Map<String, AttributeValue> entries = item.get(name).m();
    for (int parts = Math.max(2, Math.ceilDiv(size, maxPartBytes * 3 / 4));
        parts <= MAX_PARTS;
        parts++) {
      List<Map<String, AttributeValue>> items = divide(item, name, entries, parts);
      if (items.stream().allMatch(part -> ItemSize.of(part) <= maxPartBytes)) {
        return Optional.of(items);
      }
    }
    return Optional.empty();
  }

  /** At least the item's size, from the names of its map's entries only. */
  private static int atMost(Map<String, AttributeValue> item, Spill spill) {
    int size = 0;
    for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
      if (attribute.getKey().equals(spill.map())) {
        size += 3 * spill.map().length() + ItemSize.CONTAINER_OVERHEAD;
        for (String entry : attribute.getValue().m().keySet()) {
          size += ItemSize.PER_ELEMENT + 3 * entry.length() + spill.entryValueBytesAtMost();
        }
      } else {
        // keys, version, fences, expiry: a few small values
        size += ItemSize.of(Map.of(attribute.getKey(), attribute.getValue()));
      }
    }
    return size;
  }

  private static List<Map<String, AttributeValue>> divide(
      Map<String, AttributeValue> item,
      String name,
      Map<String, AttributeValue> entries,
      int parts) {
    List<Map<String, AttributeValue>> byPart = new ArrayList<>(parts);
    for (int i = 0; i < parts; i++) {
      byPart.add(new HashMap<>());
    }
    entries.forEach((entry, value) -> byPart.get(partOf(entry, parts)).put(entry, value));
    List<Map<String, AttributeValue>> items = new ArrayList<>(parts);
    Map<String, AttributeValue> head = new HashMap<>(item);
    head.put(name, AttributeValue.fromM(byPart.get(0)));
    head.put(PARTS, AttributeValue.fromN(Integer.toString(parts)));
    items.add(head);
    for (int i = 1; i < parts; i++) {
      Map<String, AttributeValue> part = new HashMap<>(partKey(item, i));
      part.put(PART, AttributeValue.fromN(Integer.toString(i)));
      part.put(DynamoVersionedStore.VERSION, item.get(DynamoVersionedStore.VERSION));
      if (item.containsKey(TableSpec.TTL_ATTRIBUTE)) {
        part.put(TableSpec.TTL_ATTRIBUTE, item.get(TableSpec.TTL_ATTRIBUTE));
      }
      part.put(name, AttributeValue.fromM(byPart.get(i)));
      items.add(part);
    }
    return items;
  }

  /**
   * Which part an entry is stored in. Mixed from String.hashCode by a function of its own, so that
   * the entries of an item already chosen by another hash of the same names (an hour item holds one
   * share of its bucket's campaigns) still spread over every part.
   */
  static int partOf(String entry, int parts) {
    long h = entry.hashCode() * 0x9E3779B97F4A7C15L;
    h ^= h >>> 29;
    h *= 0xBF58476D1CE4E5B9L;
    h ^= h >>> 32;
    return (int) Math.floorMod(h, (long) parts);
  }

  /**
   * The items as whole items: each head with parts has their entries merged in (from {@code items}
   * when they are there at the head's version, as a Query returns them, else read), parts
   * themselves are dropped.
   */
  public static List<Map<String, AttributeValue>> whole(
      DynamoDbClient dynamo,
      String table,
      List<Map<String, AttributeValue>> items,
      String spillable,
      CapacityMeter meter) {
    Map<String, Map<String, AttributeValue>> parts = new HashMap<>();
    for (Map<String, AttributeValue> item : items) {
      if (item.containsKey(PART)) {
        parts.put(itemId(item), item);
      }
    }
    List<Map<String, AttributeValue>> whole = new ArrayList<>(items.size());
    Map<String, Map<String, AttributeValue>> unread = new LinkedHashMap<>();
    for (Map<String, AttributeValue> item : items) {
      if (item.containsKey(PART)) {
        continue;
      }
      Optional<Map<String, AttributeValue>> joined = join(item, parts, spillable);
      if (joined.isPresent()) {
        whole.add(joined.get());
      } else {
        unread.put(itemId(item), item);
      }
    }
    for (int round = 1; !unread.isEmpty(); round++) {
      if (round > MAX_READ_ROUNDS) {
        throw new IllegalStateException(
            "the parts of "
                + unread.keySet()
                + " in "
                + table
                + " were of another version than their head in "
                + MAX_READ_ROUNDS
                + " reads in a row");
      }
      List<Map<String, AttributeValue>> keys = new ArrayList<>();
      unread
          .values()
          .forEach(
              head -> {
                keys.add(keyOf(head));
                for (int i = 1; i < partCount(head); i++) {
                  keys.add(partKey(head, i));
                }
              });
      parts.clear();
      Map<String, Map<String, AttributeValue>> heads = new LinkedHashMap<>();
      for (Map<String, AttributeValue> read : BatchReads.get(dynamo, table, keys, meter)) {
        if (read.containsKey(PART)) {
          parts.put(itemId(read), read);
        } else {
          heads.put(itemId(read), read);
        }
      }
      Map<String, Map<String, AttributeValue>> again = new LinkedHashMap<>();
      long now = Instant.now().getEpochSecond();
      // a head gone since has nothing to add; one past its expiry time may have lost parts to
      // TTL (which deletes an item's parts and head in any order), and reads as deleted
      heads.forEach(
          (id, head) ->
              join(head, parts, spillable)
                  .ifPresentOrElse(
                      whole::add,
                      () -> {
                        if (!expired(head, now)) {
                          again.put(id, head);
                        }
                      }));
      unread = again;
    }
    return whole;
  }

  /** The head with its parts' entries, or empty when a part is missing or of another version. */
  private static Optional<Map<String, AttributeValue>> join(
      Map<String, AttributeValue> head,
      Map<String, Map<String, AttributeValue>> parts,
      String spillable) {
    int count = partCount(head);
    if (count == 1) {
      return Optional.of(head);
    }
    Map<String, AttributeValue> entries = new HashMap<>(mapOf(head, spillable));
    for (int i = 1; i < count; i++) {
      Map<String, AttributeValue> part = parts.get(itemId(partKey(head, i)));
      if (part == null
          || !part.get(DynamoVersionedStore.VERSION)
              .equals(head.get(DynamoVersionedStore.VERSION))) {
        return Optional.empty();
      }
      entries.putAll(mapOf(part, spillable));
    }
    Map<String, AttributeValue> joined = new HashMap<>(head);
    joined.remove(PARTS);
    joined.put(spillable, AttributeValue.fromM(entries));
    return Optional.of(joined);
  }

  private static boolean expired(Map<String, AttributeValue> head, long now) {
    AttributeValue expiresAt = head.get(TableSpec.TTL_ATTRIBUTE);
    return expiresAt != null && Long.parseLong(expiresAt.n()) <= now;
  }

  private static int partCount(Map<String, AttributeValue> head) {
    AttributeValue parts = head.get(PARTS);
    return parts == null ? 1 : Integer.parseInt(parts.n());
  }

  private static Map<String, AttributeValue> mapOf(
      Map<String, AttributeValue> item, String spillable) {
    AttributeValue map = item.get(spillable);
    return map != null && map.hasM() ? map.m() : Map.of();
  }

  private static Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
    return Map.of(
        TableSpec.PARTITION_KEY, item.get(TableSpec.PARTITION_KEY),
        TableSpec.SORT_KEY, item.get(TableSpec.SORT_KEY));
  }

  private static Map<String, AttributeValue> partKey(Map<String, AttributeValue> head, int part) {
    return Map.of(
        TableSpec.PARTITION_KEY,
        head.get(TableSpec.PARTITION_KEY),
        TableSpec.SORT_KEY,
        AttributeValue.fromS(head.get(TableSpec.SORT_KEY).s() + "#p" + part));
  }

  private static String itemId(Map<String, AttributeValue> item) {
    return item.get(TableSpec.PARTITION_KEY).s() + "\u0000" + item.get(TableSpec.SORT_KEY).s();
  }
}
