package io.adstream.landing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;

/** The content of a lake object: Firehose gzips what it delivers in AWS, the emulator delivers it raw. */
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
}
