package io.adstream.migration;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where migration tools read or write: an S3 location {@code s3://bucket/key-or-prefix} or a local
 * path.
 *
 * @param bucket the S3 bucket; empty for a local path
 * @param key the S3 key or prefix (may be empty), or the local path
 */
public record Location(Optional<String> bucket, String key) {

  public static Location parse(String text) {
    if (text.startsWith("s3://")) {
      String rest = text.substring("s3://".length());
      int slash = rest.indexOf('/');
      String bucket = slash < 0 ? rest : rest.substring(0, slash);
      if (bucket.isEmpty()) {
        throw new IllegalArgumentException("an S3 location is s3://bucket[/prefix], was " + text);
      }
      return new Location(Optional.of(bucket), slash < 0 ? "" : rest.substring(slash + 1));
    }
    return new Location(Optional.empty(), text);
  }

  public static Location s3(String bucket, String key) {
    return new Location(Optional.of(bucket), key);
  }

  public boolean isS3() {
    return bucket.isPresent();
  }

  public Path path() {
    if (isS3()) {
      throw new IllegalStateException(this + " is not a local path");
    }
    return Path.of(key);
  }

  /** A location below this one: a key under the prefix, or a path under the directory. */
  public Location resolve(String child) {
    if (isS3()) {
      return new Location(
          bucket, key.isEmpty() || key.endsWith("/") ? key + child : key + "/" + child);
    }
    return new Location(bucket, Path.of(key).resolve(child).toString());
  }

  @Override
  public String toString() {
    return bucket.map(b -> "s3://" + b + "/" + key).orElse(key);
  }
}
