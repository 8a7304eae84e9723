package io.adstream.local;

/**
 * The build's second pass over the {@link EmulatorTest} classes, on moto (the cli module's {@code
 * cross-check} execution sets {@code adstream.crossCheck}). moto serves one request at a time,
 * several times slower than the default emulator: volume tests run smaller there, with the same
 * assertions.
 */
public final class CrossCheck {
  private CrossCheck() {}

  public static boolean active() {
    return Boolean.getBoolean("adstream.crossCheck");
  }

  /** {@code full} on the default emulator; {@code crossCheck} in the second pass. */
  public static int size(int full, int crossCheck) {
    return active() ? crossCheck : full;
  }
}
