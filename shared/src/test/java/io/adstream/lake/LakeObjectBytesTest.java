package io.adstream.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class LakeObjectBytesTest {

  @Test
  void gzipAndRawObjectsSplitIntoTheSameRecordsByteForByte() throws IOException {
    byte[] raw = "{\"a\":1}\n\n{\"b\":\"\u00e9\"}\r\n{\"c\":3}".getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
      gzip.write(raw);
    }
    for (byte[] object : new byte[][] {raw, gzipped.toByteArray()}) {
      assertThat(LakeObjectBytes.lines(LakeObjectBytes.content("o", object)))
          .extracting(line -> new String(line, StandardCharsets.UTF_8))
          .containsExactly("{\"a\":1}", "{\"b\":\"\u00e9\"}\r", "{\"c\":3}");
    }
    assertThat(LakeObjectBytes.lines(new byte[0])).isEmpty();
  }
}
