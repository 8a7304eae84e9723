package io.adstream.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.adstream.stream.SourcePosition;
import io.adstream.testing.InMemoryVersionedStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FencedWriterTest {
  private final InMemoryVersionedStore<String, Long> store = new InMemoryVersionedStore<>();
  private final FencedWriter<String, Long, Long> writer =
      FencedWriter.<String, Long, Long>builder().store(store).empty(0L).apply(Long::sum).build();

  private static Contribution<Long> at(String shard, long sequence, long delta) {
    return new Contribution<>(new SourcePosition("s", shard, String.valueOf(sequence)), delta);
  }

  private long value(String key) {
    return store.read(List.of(key)).get(key).value();
  }

  @Test
  void aRedeliveredBatchIsNotAppliedTwice() {
    writer.apply(Map.of("a", List.of(at("shard-1", 10, 5), at("shard-1", 11, 7))));
    writer.apply(Map.of("a", List.of(at("shard-1", 10, 5), at("shard-1", 11, 7))));

    assertThat(value("a")).isEqualTo(12);
  }

  @Test
  void aRedeliveryOverlappingWhatWasAppliedAppliesOnlyTheRest() {
    writer.apply(Map.of("a", List.of(at("shard-1", 10, 5))));
    writer.apply(Map.of("a", List.of(at("shard-1", 10, 5), at("shard-1", 11, 7))));

    assertThat(value("a")).isEqualTo(12);
  }

  @Test
  void severalContributionsOfOneRecordToOneItemAllApply() {
    writer.apply(
        Map.of("a", List.of(at("shard-1", 10, -1), at("shard-1", 10, 1), at("shard-1", 10, 3))));

    assertThat(value("a")).isEqualTo(3);
  }

  @Test
  void contributionsListedOutOfStreamOrderFenceAtTheirHighestRecord() {
    // e.g. a flood found at record 12 moves the credit of record 10: the later record's delta comes
    // first
    writer.apply(Map.of("a", List.of(at("shard-1", 12, 4), at("shard-1", 10, 5))));
    writer.apply(Map.of("a", List.of(at("shard-1", 12, 4), at("shard-1", 10, 5))));

    assertThat(value("a")).isEqualTo(9);
  }

  @Test
  void aBatchFoldedAtOnceIsFencedLikeOneFoldedOneByOne() {
    List<List<Long>> folds = new java.util.ArrayList<>();
    FencedWriter<String, Long, Long> folding =
        FencedWriter.<String, Long, Long>builder()
            .store(store)
            .empty(0L)
            .applyAll(
                (value, deltas) -> {
                  folds.add(deltas);
                  return value + deltas.stream().mapToLong(Long::longValue).sum();
                })
            .build();

    folding.apply(Map.of("a", List.of(at("shard-1", 10, 5), at("shard-1", 11, 7))));
    folding.apply(
        Map.of("a", List.of(at("shard-1", 10, 5), at("shard-1", 11, 7), at("shard-1", 12, 1))));

    assertThat(value("a")).isEqualTo(13);
    assertThat(folds).containsExactly(List.of(5L, 7L), List.of(1L));
  }

  @Test
  void shardsAreFencedIndependently() {
    writer.apply(Map.of("a", List.of(at("shard-1", 500, 1))));
    writer.apply(Map.of("a", List.of(at("shard-2", 10, 2))));

    assertThat(value("a")).isEqualTo(3);
  }

  @Test
  void aWriterThatLosesTheRaceReReadsAndAppliesOnTopOfTheWinner() {
    VersionedStore<String, Long> racing =
        new VersionedStore<>() {
          private boolean raced;

          @Override
          public Map<String, Versioned<Long>> read(java.util.Collection<String> keys) {
            return store.read(keys);
          }

          @Override
          public boolean write(String key, long expectedVersion, Versioned<Long> next) {
            if (!raced) {
              raced = true;
              store.write(
                  key, expectedVersion, new Versioned<>(100L, expectedVersion + 1, Fences.NONE));
            }
            return store.write(key, expectedVersion, next);
          }
        };
    FencedWriter.<String, Long, Long>builder()
        .store(racing)
        .empty(0L)
        .apply(Long::sum)
        .build()
        .apply(Map.of("a", List.of(at("shard-1", 1, 5))));

    assertThat(value("a")).isEqualTo(105);
  }

  @Test
  void anItemThatNeverStopsChangingIsAnErrorNotASilentSkip() {
    VersionedStore<String, Long> alwaysLosing =
        new VersionedStore<>() {
          @Override
          public Map<String, Versioned<Long>> read(java.util.Collection<String> keys) {
            return Map.of();
          }

          @Override
          public boolean write(String key, long expectedVersion, Versioned<Long> next) {
            return false;
          }
        };
    FencedWriter<String, Long, Long> losing =
        FencedWriter.<String, Long, Long>builder()
            .store(alwaysLosing)
            .empty(0L)
            .apply(Long::sum)
            .maxAttempts(3)
            .build();

    assertThatThrownBy(() -> losing.apply(Map.of("a", List.of(at("shard-1", 1, 5)))))
        .isInstanceOf(FencedWriter.ConcurrentUpdateException.class);
  }
}
