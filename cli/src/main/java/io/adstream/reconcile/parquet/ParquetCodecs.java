package io.adstream.reconcile.parquet;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Page compression without Hadoop: parquet-hadoop's own codec factory builds Hadoop codecs through
 * a Hadoop {@code Configuration}, which would bring hadoop-common and its dependencies into the
 * CLI. These are the codecs Glue and Spark write (snappy by default, gzip, zstd) and uncompressed,
 * on the libraries parquet-hadoop already depends on; any other codec is refused by name.
 */
final class ParquetCodecs implements CompressionCodecFactory {
  static final ParquetCodecs INSTANCE = new ParquetCodecs();

  private ParquetCodecs() {}

  /** One codec's block transform: Parquet compresses each page as one block. */
  private interface Block {
    byte[] compress(byte[] bytes) throws IOException;

    byte[] decompress(byte[] bytes, int uncompressedSize) throws IOException;
  }

  private static Block block(CompressionCodecName codec) {
    return switch (codec) {
      case UNCOMPRESSED ->
          new Block() {
            public byte[] compress(byte[] bytes) {
              return bytes;
            }

            public byte[] decompress(byte[] bytes, int uncompressedSize) {
              return bytes;
            }
          };
      case SNAPPY ->
          new Block() {
            public byte[] compress(byte[] bytes) throws IOException {
              return Snappy.compress(bytes);
            }

            public byte[] decompress(byte[] bytes, int uncompressedSize) throws IOException {
              return Snappy.uncompress(bytes);
            }
          };
      case GZIP ->
          new Block() {
            public byte[] compress(byte[] bytes) throws IOException {
              ByteArrayOutputStream out = new ByteArrayOutputStream();
              try (OutputStream gzip = new GZIPOutputStream(out)) {
                gzip.write(bytes);
              }
              return out.toByteArray();
            }

            public byte[] decompress(byte[] bytes, int uncompressedSize) throws IOException {
              try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                return in.readNBytes(uncompressedSize);
              }
            }
          };
      case ZSTD ->
          new Block() {
            public byte[] compress(byte[] bytes) {
              return Zstd.compress(bytes);
            }

            public byte[] decompress(byte[] bytes, int uncompressedSize) {
              return Zstd.decompress(bytes, uncompressedSize);
            }
          };
      default ->
          throw new UnsupportedOperationException(
              "pages compressed with "
                  + codec
                  + ": adstream reads uncompressed, snappy, gzip and zstd Parquet files");
    };
  }

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    Block block = block(codec);
    return new BytesInputCompressor() {
      @Override
      public BytesInput compress(BytesInput bytes) throws IOException {
        return BytesInput.from(block.compress(bytes.toByteArray()));
      }

      @Override
      public CompressionCodecName getCodecName() {
        return codec;
      }

      @Override
      public void release() {}
    };
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    Block block = block(codec);
    return new BytesInputDecompressor() {
      @Override
      public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
        return BytesInput.from(
            checked(block.decompress(bytes.toByteArray(), uncompressedSize), uncompressedSize));
      }

      @Override
      public void decompress(
          ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
          throws IOException {
        byte[] compressed = new byte[compressedSize];
        input.get(compressed);
        output.put(checked(block.decompress(compressed, uncompressedSize), uncompressedSize));
      }

      private byte[] checked(byte[] page, int uncompressedSize) throws IOException {
        if (page.length != uncompressedSize) {
          throw new IOException(
              codec
                  + " page of "
                  + page.length
                  + " bytes, the page header says "
                  + uncompressedSize);
        }
        return page;
      }

      @Override
      public void release() {}
    };
  }

  @Override
  public void release() {}
}
