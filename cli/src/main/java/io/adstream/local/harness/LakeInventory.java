package io.adstream.local.harness;

import io.adstream.config.ResourceNames;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What is in the lake, per prefix: objects and newline-terminated lines. Reads gzip objects (as
 * Firehose writes them in AWS) and raw ones (as the emulator does) alike.
 */
public record LakeInventory(Map<String, Count> byPrefix) {

  public record Count(long objects, long lines) {}

  public static final List<String> PREFIXES =
      List.of(
          ResourceNames.ENRICHED_PREFIX,
          ResourceNames.ATTRIBUTION_PREFIX,
          ResourceNames.QUARANTINE_PREFIX,
          ResourceNames.LAMBDA_ON_FAILURE_PREFIX);

  public static LakeInventory of(S3Client s3, String bucket) {
    Map<String, Count> counts = new LinkedHashMap<>();
    for (String prefix : PREFIXES) {
      long objects = 0;
      long lines = 0;
      for (S3Object object :
          s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
        objects++;
        lines += lines(s3.getObjectAsBytes(b -> b.bucket(bucket).key(object.key())).asByteArray());
      }
      counts.put(prefix, new Count(objects, lines));
    }
    return new LakeInventory(counts);
  }

  public Count at(String prefix) {
    return byPrefix.getOrDefault(prefix, new Count(0, 0));
  }

  static long lines(byte[] object) {
    try (InputStream in =
        gzipped(object)
            ? new GZIPInputStream(new ByteArrayInputStream(object))
            : new ByteArrayInputStream(object)) {
      long lines = 0;
      for (byte b : in.readAllBytes()) {
        lines += b == '\n' ? 1 : 0;
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read a lake object: " + e.getMessage(), e);
    }
  }

  private static boolean gzipped(byte[] object) {
    return object.length > 2 && (object[0] & 0xff) == 0x1f && (object[1] & 0xff) == 0x8b;
  }
}
