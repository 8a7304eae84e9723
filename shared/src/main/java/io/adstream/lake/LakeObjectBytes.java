package io.adstream.lake;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The content of a lake object: Firehose gzips what it delivers in AWS, the emulator delivers it
 * raw.
 */
public final class LakeObjectBytes {
  private LakeObjectBytes() {}

  /** The bytes, gunzipped when they start with the gzip magic number. */
  public static byte[] content(String name, byte[] bytes) {
    if (bytes.length < 2 || (bytes[0] & 0xff) != 0x1f || (bytes[1] & 0xff) != 0x8b) {
      return bytes;
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(name + " is not readable gzip: " + e.getMessage(), e);
    }
  }

  /**
   * The non-empty newline-delimited records, byte for byte (a record need not be UTF-8; a trailing
   * carriage return is kept as data).
   */
  public static List<byte[]> lines(byte[] content) {
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= content.length; i++) {
      if (i == content.length || content[i] == '\n') {
        if (i > start) {
          lines.add(Arrays.copyOfRange(content, start, i));
        }
        start = i + 1;
      }
    }
    return lines;
  }
}
