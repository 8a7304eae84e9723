package io.adstream.generator;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded random source with the draws the traffic model needs. Each concern of the generator
 * draws from its own stream ({@link #stream}), so changing one rate leaves the rest of the traffic
 * as it was. Every draw is built from {@link SplittableRandom}, whose algorithm is specified, so a
 * seed gives the same traffic on every JDK.
 */
final class Rng {
  private static final HexFormat HEX = HexFormat.of();

  private final SplittableRandom random;

  private Rng(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** The stream named {@code purpose} of the given seed. */
  static Rng stream(long seed, String purpose) {
    long mixed = seed;
    for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) {
      mixed = (mixed ^ b) * 0x100000001B3L;
    }
    return new Rng(new SplittableRandom(mixed).nextLong());
  }

  double uniform() {
    return random.nextDouble();
  }

  /** Uniform in [from, to). */
  double uniform(double from, double to) {
    return random.nextDouble(from, to);
  }

  /** Uniform in [from, to]. */
  long between(long from, long to) {
    return from == to ? from : random.nextLong(from, to + 1);
  }

  int below(int bound) {
    return random.nextInt(bound);
  }

  boolean chance(double probability) {
    return random.nextDouble() < probability;
  }

  <T> T pick(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  /** Standard normal (Box-Muller: specified here rather than left to a JDK's implementation). */
  double gaussian() {
    double u1 = 1.0 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
  }

  /** Lognormal with the given median and shape. */
  double lognormal(double median, double sigma) {
    return median * Math.exp(sigma * gaussian());
  }

  /** {@code bytes} random bytes as lowercase hex. */
  String hex(int bytes) {
    byte[] buffer = new byte[bytes];
    random.nextBytes(buffer);
    return HEX.formatHex(buffer);
  }

  /** A random (version 4) UUID in its canonical lowercase form. */
  String uuid() {
    String h = hex(16);
    char variant = "89ab".charAt(random.nextInt(4));
    return h.substring(0, 8)
        + '-'
        + h.substring(8, 12)
        + "-4"
        + h.substring(13, 16)
        + '-'
        + variant
        + h.substring(17, 20)
        + '-'
        + h.substring(20, 32);
  }
}
