package io.adstream.flink.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;

/**
 * Checkpoints of a local run (flink-local, the tests) in a directory instead of the job manager's
 * memory, whose 5 MiB limit a few thousand events' state exceeds; the size of the last one is the
 * job's state size.
 */
public final class LocalCheckpoints {
  private LocalCheckpoints() {}

  /** {@code flink} with checkpoints kept under {@code directory} (the last one only). */
  public static Configuration in(Path directory, Configuration flink) {
    flink.setString("execution.checkpointing.storage", "filesystem");
    flink.setString("execution.checkpointing.dir", directory.toAbsolutePath().toUri().toString());
    flink.setString("execution.checkpointing.num-retained", "1");
    return flink;
  }

  /**
   * Bytes of the newest completed checkpoint under {@code directory} (its {@code chk-N} folder), if
   * any.
   */
  public static Optional<Long> lastCheckpointBytes(Path directory) {
    if (!Files.isDirectory(directory)) {
      return Optional.empty();
    }
    try (Stream<Path> all = Files.walk(directory)) {
      return all.filter(Files::isDirectory)
          .filter(p -> String.valueOf(p.getFileName()).matches("chk-\\d+"))
          .filter(p -> Files.exists(p.resolve("_metadata")))
          .max(
              Comparator.comparingLong(
                  p -> Long.parseLong(String.valueOf(p.getFileName()).substring(4))))
          .map(LocalCheckpoints::bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list checkpoints in " + directory, e);
    }
  }

  private static long bytes(Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot size " + folder, e);
    }
  }

  /** Removes {@code directory} and all in it. */
  public static void delete(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> all = Files.walk(directory)) {
      for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + directory, e);
    }
  }
}
