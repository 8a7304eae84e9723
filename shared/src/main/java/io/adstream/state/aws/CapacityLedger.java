package io.adstream.state.aws;

import io.adstream.state.CapacityMeter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Counts the DynamoDB capacity units each request consumes, computed from item sizes by DynamoDB's
 * rules ({@link CapacityRules}, {@link ItemSize}) instead of trusting what the endpoint reports —
 * emulators report placeholders or nothing — and keeps what the endpoint reported beside it for
 * comparison.
 *
 * <p>A write costs by the larger of the item before and after it, so the ledger keeps the last
 * image it saw of every item: from the items written, from the plain update expressions it can
 * apply ({@link UpdateExpressions}), and from the tables it saw created (all empty then). An item
 * it has no image of is read first with the client {@code reader} gives (once; it must not carry
 * this interceptor); so is an item after an update it cannot apply. Attach it to every client that
 * writes the tables, e.g. through {@code AwsClientFactory.withInterceptor}.
 */
public final class CapacityLedger implements ExecutionInterceptor {
  private static final ExecutionAttribute<List<Write>> WRITES =
      new ExecutionAttribute<>("adstream.capacity.writes");

  /**
   * Capacity of one table so far. {@code reported…} sums what the endpoint said, where it said
   * anything.
   */
  public record TableUnits(
      double writeUnits,
      double readUnits,
      double reportedWriteUnits,
      double writeUnitsWhereReported) {
    TableUnits plus(TableUnits other) {
      return new TableUnits(
          writeUnits + other.writeUnits,
          readUnits + other.readUnits,
          reportedWriteUnits + other.reportedWriteUnits,
          writeUnitsWhereReported + other.writeUnitsWhereReported);
    }
  }

  /**
   * One item written. {@code before} empty: it did not exist; {@code after} empty: deleted; {@code
   * afterKnown} false: an update this ledger cannot apply, read back once it succeeded; {@code
   * checkOnly}: a transaction's condition check, which writes nothing (and so no index).
   */
  private record Write(
      String table,
      Map<String, AttributeValue> key,
      Optional<Map<String, AttributeValue>> before,
      Optional<Map<String, AttributeValue>> after,
      boolean afterKnown,
      boolean transactional,
      boolean checkOnly) {
    Write withAfter(Optional<Map<String, AttributeValue>> image) {
      return new Write(table, key, before, image, true, transactional, checkOnly);
    }
  }

  /**
   * A global secondary index: its key attributes and what it projects ({@code included} for
   * INCLUDE).
   */
  private record Index(
      List<String> keyAttributes, ProjectionType projection, List<String> included) {
    static Index of(GlobalSecondaryIndex index) {
      return new Index(
          index.keySchema().stream().map(KeySchemaElement::attributeName).toList(),
          index.projection().projectionType(),
          Optional.ofNullable(index.projection().nonKeyAttributes()).orElse(List.of()));
    }

    static Index of(GlobalSecondaryIndexDescription index) {
      return new Index(
          index.keySchema().stream().map(KeySchemaElement::attributeName).toList(),
          index.projection().projectionType(),
          Optional.ofNullable(index.projection().nonKeyAttributes()).orElse(List.of()));
    }

    /**
     * The item's entry in this index as DynamoDB sizes it; 0 when the item lacks an index key
     * attribute.
     */
    int projectedBytes(Optional<Map<String, AttributeValue>> item, List<String> tableKey) {
      if (item.isEmpty() || !item.get().keySet().containsAll(keyAttributes)) {
        return 0;
      }
      if (projection == ProjectionType.ALL) {
        return ItemSize.of(item.get());
      }
      Map<String, AttributeValue> projected = new HashMap<>();
      for (List<String> names :
          List.of(
              tableKey,
              keyAttributes,
              projection == ProjectionType.INCLUDE ? included : List.<String>of())) {
        names.forEach(
            n -> Optional.ofNullable(item.get().get(n)).ifPresent(v -> projected.put(n, v)));
      }
      return ItemSize.of(projected);
    }

    boolean keyChanged(
        Optional<Map<String, AttributeValue>> before, Optional<Map<String, AttributeValue>> after) {
      return keyAttributes.stream()
          .anyMatch(n -> !before.map(i -> i.get(n)).equals(after.map(i -> i.get(n))));
    }
  }

  private record TableKey(String table, Map<String, AttributeValue> key) {}

  private final Supplier<DynamoDbClient> reader;
  private DynamoDbClient client;
  private final Map<String, List<String>> keyAttributes = new ConcurrentHashMap<>();
  private final Map<String, List<Index>> indexes = new ConcurrentHashMap<>();
  private final Map<String, Map<Map<String, AttributeValue>, Map<String, AttributeValue>>> images =
      new ConcurrentHashMap<>();
  private final Set<String> createdEmpty = ConcurrentHashMap.newKeySet();
  private final Map<String, TableUnits> units = new ConcurrentHashMap<>();
  private final Map<String, Double> writeUnitsByItem = new ConcurrentHashMap<>();

  public CapacityLedger(Supplier<DynamoDbClient> reader) {
    this.reader = reader;
  }

  /** Units per table so far, by table name. */
  public SortedMap<String, TableUnits> byTable() {
    return new TreeMap<>(units);
  }

  public double writeUnits() {
    return units.values().stream().mapToDouble(TableUnits::writeUnits).sum();
  }

  /**
   * Write units so far by table and item kind, keyed as {@link CapacityMeter#writeUnitsByItem()}
   * keys them.
   */
  public SortedMap<String, Double> writeUnitsByItem() {
    return new TreeMap<>(writeUnitsByItem);
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    SdkRequest request = context.request();
    List<Write> writes =
        switch (request) {
          case PutItemRequest put -> List.of(put(put.tableName(), put.item(), false));
          case UpdateItemRequest update ->
              List.of(
                  update(
                      update.tableName(),
                      update.key(),
                      update.updateExpression(),
                      update.expressionAttributeNames(),
                      update.expressionAttributeValues(),
                      false));
          case DeleteItemRequest delete ->
              List.of(deleted(delete.tableName(), delete.key(), false));
          case BatchWriteItemRequest batch -> batchWrites(batch);
          case TransactWriteItemsRequest transaction ->
              transaction.transactItems().stream().map(this::transactional).toList();
          case CreateTableRequest create -> {
            createdEmpty.add(create.tableName());
            keyAttributes.put(
                create.tableName(),
                create.keySchema().stream().map(KeySchemaElement::attributeName).toList());
            indexes.put(
                create.tableName(),
                Optional.ofNullable(create.globalSecondaryIndexes()).orElse(List.of()).stream()
                    .map(Index::of)
                    .toList());
            yield List.of();
          }
          default -> List.of();
        };
    if (!writes.isEmpty()) {
      attributes.putAttribute(WRITES, writes);
    }
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    SdkResponse response = context.response();
    List<Write> writes = Optional.ofNullable(attributes.getAttribute(WRITES)).orElse(List.of());
    if (response instanceof BatchWriteItemResponse batch) {
      Set<TableKey> unprocessed = new HashSet<>();
      batch
          .unprocessedItems()
          .forEach(
              (table, requests) ->
                  requests.forEach(r -> unprocessed.add(new TableKey(table, keyOf(table, r)))));
      writes =
          writes.stream()
              .filter(w -> !unprocessed.contains(new TableKey(w.table(), w.key())))
              .toList();
    }
    if (response instanceof UpdateItemResponse update
        && context.request() instanceof UpdateItemRequest request
        && request.returnValues() == ReturnValue.ALL_NEW) {
      writes = List.of(writes.getFirst().withAfter(Optional.of(update.attributes())));
    }
    double reported = reportedUnits(response);
    double computed = 0;
    for (Write write : writes) {
      Write known = write.afterKnown() ? write : write.withAfter(read(write.table(), write.key()));
      remember(known.table(), known.key(), known.after());
      double units = unitsOf(known);
      computed += units;
      add(known.table(), new TableUnits(units, 0, 0, 0));
      addItem(known, units);
    }
    if (reported > 0 && !writes.isEmpty()) {
      add(writes.getFirst().table(), new TableUnits(0, 0, reported, computed));
    }
    countReads(context.request(), response);
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    List<Write> writes = attributes.getAttribute(WRITES);
    Throwable failure = context.exception();
    boolean conditionFailed =
        failure instanceof ConditionalCheckFailedException
            || failure instanceof TransactionCanceledException;
    if (writes == null || !conditionFailed) {
      return; // throttled, failed before it was sent, or never reached DynamoDB: nothing consumed
    }
    for (Write write : writes) {
      // a failed condition writes no index
      double units =
          CapacityRules.write(bytes(write.before()), bytes(write.after()), write.transactional());
      add(write.table(), new TableUnits(units, 0, 0, 0));
      addItem(write, units);
    }
  }

  private static int bytes(Optional<Map<String, AttributeValue>> item) {
    return item.map(ItemSize::of).orElse(0);
  }

  /**
   * What one item written consumes: the table's write, and each global secondary index it is in.
   */
  private double unitsOf(Write write) {
    double units =
        CapacityRules.write(bytes(write.before()), bytes(write.after()), write.transactional());
    if (write.checkOnly()) {
      return units;
    }
    List<String> tableKey = keyAttributes.computeIfAbsent(write.table(), this::describeKey);
    for (Index index : indexes.getOrDefault(write.table(), List.of())) {
      units +=
          CapacityRules.indexWrite(
              index.projectedBytes(write.before(), tableKey),
              index.projectedBytes(write.after(), tableKey),
              index.keyChanged(write.before(), write.after()),
              write.transactional());
    }
    return units;
  }

  private Write put(String table, Map<String, AttributeValue> item, boolean transactional) {
    Map<String, AttributeValue> key = keyOf(table, item);
    return new Write(table, key, image(table, key), Optional.of(item), true, transactional, false);
  }

  private Write update(
      String table,
      Map<String, AttributeValue> key,
      String expression,
      Map<String, String> names,
      Map<String, AttributeValue> values,
      boolean transactional) {
    Optional<Map<String, AttributeValue>> before = image(table, key);
    Map<String, AttributeValue> base = before.orElse(key);
    Optional<Map<String, AttributeValue>> after =
        expression == null
            ? Optional.of(base)
            : UpdateExpressions.apply(base, expression, names, values);
    return new Write(table, key, before, after, after.isPresent(), transactional, false);
  }

  private Write transactional(TransactWriteItem item) {
    if (item.put() != null) {
      return put(item.put().tableName(), item.put().item(), true);
    }
    if (item.update() != null) {
      var u = item.update();
      return update(
          u.tableName(),
          u.key(),
          u.updateExpression(),
          u.expressionAttributeNames(),
          u.expressionAttributeValues(),
          true);
    }
    if (item.delete() != null) {
      var d = item.delete();
      return deleted(d.tableName(), d.key(), true);
    }
    var check = item.conditionCheck();
    Optional<Map<String, AttributeValue>> unchanged = image(check.tableName(), check.key());
    return new Write(check.tableName(), check.key(), unchanged, unchanged, true, true, true);
  }

  private List<Write> batchWrites(BatchWriteItemRequest batch) {
    List<Write> writes = new ArrayList<>();
    batch
        .requestItems()
        .forEach(
            (table, requests) -> {
              for (WriteRequest request : requests) {
                if (request.putRequest() != null) {
                  writes.add(put(table, request.putRequest().item(), false));
                } else {
                  Map<String, AttributeValue> key = request.deleteRequest().key();
                  writes.add(deleted(table, key, false));
                }
              }
            });
    return writes;
  }

  private Write deleted(String table, Map<String, AttributeValue> key, boolean transactional) {
    return new Write(table, key, image(table, key), Optional.empty(), true, transactional, false);
  }

  private void countReads(SdkRequest request, SdkResponse response) {
    switch (response) {
      case GetItemResponse get when request instanceof GetItemRequest r -> {
        int bytes = get.hasItem() && !get.item().isEmpty() ? ItemSize.of(get.item()) : 0;
        add(
            r.tableName(),
            reads(CapacityRules.readEach(bytes, Boolean.TRUE.equals(r.consistentRead()), false)));
      }
      case BatchGetItemResponse batch when request instanceof BatchGetItemRequest r ->
          r.requestItems()
              .forEach(
                  (table, asked) -> {
                    List<Map<String, AttributeValue>> found =
                        batch.responses().getOrDefault(table, List.of());
                    int unprocessed =
                        Optional.ofNullable(batch.unprocessedKeys().get(table))
                            .map(k -> k.keys().size())
                            .orElse(0);
                    boolean consistent = Boolean.TRUE.equals(asked.consistentRead());
                    double total =
                        found.stream()
                            .mapToDouble(
                                i -> CapacityRules.readEach(ItemSize.of(i), consistent, false))
                            .sum();
                    int missing = Math.max(0, asked.keys().size() - unprocessed - found.size());
                    add(
                        table,
                        reads(total + missing * CapacityRules.readEach(0, consistent, false)));
                  });
      case QueryResponse query when request instanceof QueryRequest r ->
          add(
              r.tableName(),
              reads(
                  CapacityRules.readTotal(
                      query.items().stream().mapToLong(ItemSize::of).sum(),
                      Boolean.TRUE.equals(r.consistentRead()))));
      case ScanResponse scan when request instanceof ScanRequest r ->
          add(
              r.tableName(),
              reads(
                  CapacityRules.readTotal(
                      scan.items().stream().mapToLong(ItemSize::of).sum(),
                      Boolean.TRUE.equals(r.consistentRead()))));
      default -> {}
    }
  }

  private static TableUnits reads(double units) {
    return new TableUnits(0, units, 0, 0);
  }

  private static double reportedUnits(SdkResponse response) {
    List<ConsumedCapacity> capacities =
        switch (response) {
          case software.amazon.awssdk.services.dynamodb.model.PutItemResponse r ->
              single(r.consumedCapacity());
          case UpdateItemResponse r -> single(r.consumedCapacity());
          case software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse r ->
              single(r.consumedCapacity());
          case BatchWriteItemResponse r -> r.consumedCapacity();
          case software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse r ->
              r.consumedCapacity();
          default -> List.of();
        };
    return capacities.stream().mapToDouble(BatchReads::units).sum();
  }

  private static List<ConsumedCapacity> single(ConsumedCapacity capacity) {
    return capacity == null ? List.of() : List.of(capacity);
  }

  private void add(String table, TableUnits more) {
    units.merge(table, more, TableUnits::plus);
  }

  /**
   * The item's kind is the prefix of its partition key, as the meter names it; for a key without
   * one (the campaigns table's are the campaign ids), the prefix of its sort key.
   */
  private void addItem(Write write, double units) {
    AttributeValue partition = write.key().get(io.adstream.config.TableSpec.PARTITION_KEY);
    AttributeValue sort = write.key().get(io.adstream.config.TableSpec.SORT_KEY);
    String kind =
        partition == null || partition.s() == null ? "?" : CapacityMeter.itemKind(partition.s());
    if (kind.equals(partition == null ? null : partition.s()) && sort != null && sort.s() != null) {
      kind = CapacityMeter.itemKind(sort.s());
    }
    writeUnitsByItem.merge(write.table() + CapacityMeter.ITEM_SEPARATOR + kind, units, Double::sum);
  }

  /** The item as last seen; read from the table when this ledger has never seen it. */
  private Optional<Map<String, AttributeValue>> image(
      String table, Map<String, AttributeValue> key) {
    Map<Map<String, AttributeValue>, Map<String, AttributeValue>> tableImages =
        images.computeIfAbsent(table, t -> new ConcurrentHashMap<>());
    Map<String, AttributeValue> seen = tableImages.get(key);
    if (seen != null) {
      return seen.isEmpty() ? Optional.empty() : Optional.of(seen);
    }
    if (createdEmpty.contains(table)) {
      return Optional.empty();
    }
    Optional<Map<String, AttributeValue>> read = read(table, key);
    remember(table, key, read);
    return read;
  }

  private Optional<Map<String, AttributeValue>> read(
      String table, Map<String, AttributeValue> key) {
    GetItemResponse response =
        client().getItem(r -> r.tableName(table).key(key).consistentRead(true));
    return response.hasItem() && !response.item().isEmpty()
        ? Optional.of(response.item())
        : Optional.empty();
  }

  private void remember(
      String table, Map<String, AttributeValue> key, Optional<Map<String, AttributeValue>> image) {
    images.computeIfAbsent(table, t -> new ConcurrentHashMap<>()).put(key, image.orElse(Map.of()));
  }

  private Map<String, AttributeValue> keyOf(String table, Map<String, AttributeValue> item) {
    List<String> names = keyAttributes.computeIfAbsent(table, this::describeKey);
    Map<String, AttributeValue> key = new HashMap<>();
    names.forEach(n -> Optional.ofNullable(item.get(n)).ifPresent(v -> key.put(n, v)));
    return Map.copyOf(key);
  }

  private Map<String, AttributeValue> keyOf(String table, WriteRequest request) {
    return request.putRequest() != null
        ? keyOf(table, request.putRequest().item())
        : request.deleteRequest().key();
  }

  /**
   * A table this ledger did not see created: its key and its indexes, as DynamoDB describes them.
   */
  private List<String> describeKey(String table) {
    var description = client().describeTable(r -> r.tableName(table)).table();
    indexes.putIfAbsent(
        table,
        Optional.ofNullable(description.globalSecondaryIndexes()).orElse(List.of()).stream()
            .map(Index::of)
            .toList());
    return description.keySchema().stream().map(KeySchemaElement::attributeName).toList();
  }

  private synchronized DynamoDbClient client() {
    if (client == null) {
      client = reader.get();
    }
    return client;
  }
}
