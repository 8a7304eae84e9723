package io.adstream.migration.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How far a replay got: per lake object, the number of its lines already put. Written after every
 * put (to a temporary file, then moved over the old one), so that a replay stopped at any point
 * resumes without putting a line twice or skipping one. Bound to the lake and range it was made
 * for.
 */
public final class ReplayCheckpoint {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Optional<Path> file;
  private final String scope;
  private final Map<String, Integer> linesDone;
  private long recordsPut;

  private ReplayCheckpoint(
      Optional<Path> file, String scope, Map<String, Integer> linesDone, long recordsPut) {
    this.file = file;
    this.scope = scope;
    this.linesDone = linesDone;
    this.recordsPut = recordsPut;
  }

  /** No file: nothing is remembered. */
  public static ReplayCheckpoint none(String scope) {
    return new ReplayCheckpoint(Optional.empty(), scope, new TreeMap<>(), 0);
  }

  /**
   * The checkpoint in the file, or a fresh one when the file does not exist.
   *
   * @throws IllegalArgumentException when the file belongs to another lake or range
   */
  public static ReplayCheckpoint open(Path file, String scope) throws IOException {
    if (!Files.exists(file)) {
      return new ReplayCheckpoint(Optional.of(file), scope, new TreeMap<>(), 0);
    }
    JsonNode root = JSON.readTree(file.toFile());
    if (root == null || !scope.equals(root.path("scope").asText())) {
      throw new IllegalArgumentException(
          "checkpoint "
              + file
              + " is for "
              + (root == null ? "nothing" : root.path("scope").asText())
              + ", not "
              + scope
              + ": give another --checkpoint file");
    }
    Map<String, Integer> done = new TreeMap<>();
    root.path("objects").fields().forEachRemaining(e -> done.put(e.getKey(), e.getValue().asInt()));
    return new ReplayCheckpoint(Optional.of(file), scope, done, root.path("records_put").asLong());
  }

  public int linesDone(String key) {
    return linesDone.getOrDefault(key, 0);
  }

  public long recordsPut() {
    return recordsPut;
  }

  /** Records that lines up to {@code lines} of the object are put, of which {@code put} records. */
  public void advance(String key, int lines, int put) throws IOException {
    linesDone.put(key, lines);
    recordsPut += put;
    if (file.isEmpty()) {
      return;
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("scope", scope);
    root.put("records_put", recordsPut);
    ObjectNode objects = root.putObject("objects");
    linesDone.forEach(objects::put);
    Path target = file.get().toAbsolutePath();
    Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
    JSON.writeValue(temporary.toFile(), root);
    Files.move(
        temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
