package io.adstream.migration;

import io.adstream.lake.LakeObjectBytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The objects of the data lake (or of a local copy of it, e.g. from {@code aws s3 sync}) under a
 * prefix, in key order, gunzipped when Firehose compressed them.
 */
public final class LakeObjects {
  /** One object: its name (s3://… or a path) and its content. */
  public record LakeObject(String name, byte[] content) {
    /** Its non-empty lines, without the newline. */
    public List<byte[]> lines() {
      return LakeObjectBytes.lines(content);
    }
  }

  private final S3Client s3;
  private final Location root;

  /**
   * @param s3 used when the root is in S3
   */
  public LakeObjects(S3Client s3, Location root) {
    this.s3 = s3;
    this.root = root;
  }

  /** The keys (relative to the root) under a prefix that the filter keeps, in key order. */
  public List<String> keys(String prefix, Predicate<String> keep) {
    if (root.isS3()) {
      String bucket = root.bucket().orElseThrow();
      String base =
          root.key().isEmpty() || root.key().endsWith("/") ? root.key() : root.key() + "/";
      List<String> keys = new ArrayList<>();
      for (S3Object object :
          s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(base + prefix)).contents()) {
        String key = object.key().substring(base.length());
        if (object.size() > 0 && keep.test(key)) {
          keys.add(key);
        }
      }
      return keys;
    }
    Path dir = root.path().resolve(prefix);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> root.path().relativize(p).toString().replace('\\', '/'))
          .filter(keep)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  public LakeObject read(String key) {
    Location location = root.resolve(key);
    byte[] bytes;
    if (root.isS3()) {
      bytes =
          s3.getObjectAsBytes(b -> b.bucket(location.bucket().orElseThrow()).key(location.key()))
              .asByteArray();
    } else {
      try {
        bytes = Files.readAllBytes(location.path());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + location + ": " + e.getMessage(), e);
      }
    }
    return new LakeObject(location.toString(), LakeObjectBytes.content(location.toString(), bytes));
  }
}
