package io.adstream.reconcile.parquet;

import java.io.ByteArrayInputStream;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * A Parquet file in memory: the batch table's files are read whole, from S3 or disk, like its CSV
 * files.
 */
final class ByteArrayInputFile implements InputFile {
  private final byte[] bytes;

  ByteArrayInputFile(byte[] bytes) {
    this.bytes = bytes;
  }

  @Override
  public long getLength() {
    return bytes.length;
  }

  /** How parquet-java names the file in its errors, which follow the file's own name. */
  @Override
  public String toString() {
    return "it (" + bytes.length + " bytes)";
  }

  @Override
  public SeekableInputStream newStream() {
    Seekable in = new Seekable(bytes);
    return new DelegatingSeekableInputStream(in) {
      @Override
      public long getPos() {
        return in.position();
      }

      @Override
      public void seek(long newPos) {
        in.seek(newPos);
      }
    };
  }

  private static final class Seekable extends ByteArrayInputStream {
    Seekable(byte[] bytes) {
      super(bytes);
    }

    long position() {
      return pos;
    }

    void seek(long position) {
      if (position < 0 || position > count) {
        throw new IllegalArgumentException(
            "seek to " + position + " outside a file of " + count + " bytes");
      }
      pos = (int) position;
    }
  }
}
