package io.adstream.bench;

import io.adstream.dedup.Fingerprint;
import io.adstream.landing.LandingLines;
import io.adstream.pii.KeyRing;
import io.adstream.pii.MaskedEvent;
import io.adstream.pii.PiiMasker;
import io.adstream.pii.VersionedSecret;
import io.adstream.stream.SourceRecord;
import io.adstream.validation.DecodeResult;
import io.adstream.validation.EventCodec;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@link CorePathBenchmark}'s two benchmarks measured by the benchmark thread's CPU time and
 * allocation instead of wall-clock throughput: on a machine shared with other builds, a thread's
 * CPU time per record is what the path costs whatever else runs, where JMH throughput measures the
 * share of the cores it got. The path and the floor run batch by batch on the same batches,
 * alternating, so both see the same caches and load. The floor's two halves (the parse, the
 * cryptography) and the front half's parts (decode, mask, fingerprint, enriched line) are also
 * measured one by one on the same records, as a breakdown that needs no sampling.
 *
 * <pre>{@code
 * java -cp bench/target/benchmarks.jar io.adstream.bench.CorePathCpu [rounds [all|path|floor [display|search]]]
 * }</pre>
 *
 * Each round empties the stores (as a JMH iteration does) and runs {@value #BATCHES_PER_ROUND}
 * batches; the first {@value #WARMUP_ROUNDS} rounds warm up the JIT and are not reported. Prints
 * every round and the median of the measured ones.
 */
public final class CorePathCpu {
  private static final int BATCHES_PER_ROUND = 200;
  private static final int WARMUP_ROUNDS = 8;
  private static final Instant NOW =
      Instant.parse("2026-11-25T10:00:00Z"); // CorePathBenchmark's clock

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private CorePathCpu() {}

  /** CPU nanoseconds and allocated bytes of one measure, summed over a round. */
  private static final class Meter {
    long cpuNanos;
    long bytes;
    long records;
    private long cpuAtStart;
    private long bytesAtStart;

    void start() {
      bytesAtStart = THREADS.getCurrentThreadAllocatedBytes();
      cpuAtStart = THREADS.getCurrentThreadCpuTime();
    }

    void stop(int recordCount) {
      cpuNanos += THREADS.getCurrentThreadCpuTime() - cpuAtStart;
      bytes += THREADS.getCurrentThreadAllocatedBytes() - bytesAtStart;
      records += recordCount;
    }

    double micros() {
      return records == 0 ? 0 : cpuNanos / 1_000.0 / records;
    }

    double kilobytes() {
      return records == 0 ? 0 : bytes / 1_024.0 / records;
    }
  }

  private static final String[] PARTS = {
    "path", "floor", "floor.parse", "floor.hash", "decode", "mask", "fingerprint", "enriched"
  };

  public static void main(String[] args) throws IOException, GeneralSecurityException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 12;
    // JMH forks a JVM per benchmark: "path" or "floor" runs one side alone, so that neither's JIT
    // profiles
    // (Jackson, the digests) are shaped by the other's use of the same code
    String only = args.length > 1 ? args[1] : "all";
    boolean path = !only.equals("floor");
    boolean floor = !only.equals("path");
    CorePathBenchmark bench = new CorePathBenchmark();
    bench.mix = args.length > 2 ? args[2] : "display";
    bench.generate();
    Parts parts = new Parts();
    double[][] micros = new double[PARTS.length][rounds];
    double[][] kilobytes = new double[PARTS.length][rounds];
    System.out.printf("%-6s %s%n", "round", headings());
    for (int round = -WARMUP_ROUNDS; round < rounds; round++) {
      bench.emptyStores();
      Meter[] meters = new Meter[PARTS.length];
      Arrays.setAll(meters, i -> new Meter());
      long sink = 0;
      for (int b = 0; b < BATCHES_PER_ROUND; b++) {
        bench.nextBatch();
        if (path) {
          meters[0].start();
          sink += bench.processBatch().metrics().accepted();
          meters[0].stop(CorePathBenchmark.BATCH);
          sink += parts.measure(bench.batch(), meters);
        }
        if (floor) {
          meters[1].start();
          sink += bench.parseAndHashFloor();
          meters[1].stop(CorePathBenchmark.BATCH);
          sink += floorParts(bench, meters);
        }
      }
      if (sink == 42) {
        System.out.print(""); // keeps the results alive
      }
      if (round >= 0) {
        for (int i = 0; i < PARTS.length; i++) {
          micros[i][round] = meters[i].micros();
          kilobytes[i][round] = meters[i].kilobytes();
        }
      }
      System.out.printf("%-6s %s%n", round < 0 ? "warm" : String.valueOf(round), row(meters));
    }
    System.out.println();
    System.out.printf(
        "median of %d rounds of %d records of the %s mix, CPU µs/record and KB allocated/record:%n",
        rounds, BATCHES_PER_ROUND * CorePathBenchmark.BATCH, bench.mix);
    for (int i = 0; i < PARTS.length; i++) {
      if (median(micros[i]) > 0) {
        System.out.printf(
            "  %-12s %7.2f µs  %7.2f KB  (%,.0f records per CPU-second)%n",
            PARTS[i], median(micros[i]), median(kilobytes[i]), 1e6 / median(micros[i]));
      }
    }
    if (path && floor) {
      System.out.printf(
          "  path / floor: %.2f of the floor's records per CPU-second%n",
          median(micros[1]) / median(micros[0]));
    }
  }

  /** The floor's two halves, each alone on the batch. */
  private static long floorParts(CorePathBenchmark bench, Meter[] meters) throws IOException {
    long seen = 0;
    meters[2].start();
    for (SourceRecord record : bench.batch()) {
      seen += CorePathBenchmark.parseFloor(record);
    }
    meters[2].stop(bench.batch().size());
    meters[3].start();
    for (SourceRecord record : bench.batch()) {
      seen += bench.hashFloor(record);
    }
    meters[3].stop(bench.batch().size());
    return seen;
  }

  /** The front half's parts, one by one, on the records of a batch. */
  private static final class Parts {
    private final EventCodec codec = EventCodec.builder().build();
    private final PiiMasker masker =
        PiiMasker.builder().keyProvider(KeyRing.of(new VersionedSecret(1, new byte[32]))).build();
    private final Fingerprint fingerprint = new Fingerprint();
    private final LandingLines landingLines = new LandingLines();

    long measure(List<SourceRecord> batch, Meter[] meters) {
      DecodeResult.Valid[] decoded = new DecodeResult.Valid[batch.size()];
      meters[4].start();
      for (int i = 0; i < decoded.length; i++) {
        decoded[i] = (DecodeResult.Valid) codec.decode(batch.get(i).data(), NOW);
      }
      meters[4].stop(decoded.length);
      MaskedEvent[] masked = new MaskedEvent[decoded.length];
      meters[5].start();
      for (int i = 0; i < decoded.length; i++) {
        masked[i] = masker.mask(decoded[i].event());
      }
      meters[5].stop(decoded.length);
      String[] fingerprints = new String[decoded.length];
      meters[6].start();
      for (int i = 0; i < decoded.length; i++) {
        fingerprints[i] = fingerprint.of(decoded[i].event(), decoded[i].plainText());
      }
      meters[6].stop(decoded.length);
      long bytes = 0;
      meters[7].start();
      for (int i = 0; i < decoded.length; i++) {
        bytes +=
            landingLines.enriched(
                    masked[i],
                    batch.get(i),
                    false,
                    Optional.empty(),
                    fingerprints[i],
                    decoded[i].plainText())
                .length;
      }
      meters[7].stop(decoded.length);
      return bytes;
    }
  }

  private static String headings() {
    StringBuilder out = new StringBuilder();
    for (String part : PARTS) {
      out.append(String.format("%22s", part + " µs/KB"));
    }
    return out.toString();
  }

  private static String row(Meter[] meters) {
    StringBuilder out = new StringBuilder();
    for (Meter meter : meters) {
      out.append(String.format("%13.2f /%7.2f", meter.micros(), meter.kilobytes()));
    }
    return out.toString();
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted.length % 2 == 1
        ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  }
}
