package io.adstream.reconcile.parquet;

import java.io.ByteArrayOutputStream;
import org.apache.parquet.io.DelegatingPositionOutputStream;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet file written to memory, then put to S3 or disk by the caller like the other formats'
 * bytes.
 */
final class ByteArrayOutputFile implements OutputFile {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  @Override
  public PositionOutputStream create(long blockSizeHint) {
    return createOrOverwrite(blockSizeHint);
  }

  @Override
  public PositionOutputStream createOrOverwrite(long blockSizeHint) {
    bytes.reset();
    return new DelegatingPositionOutputStream(bytes) {
      @Override
      public long getPos() {
        return bytes.size();
      }
    };
  }

  @Override
  public boolean supportsBlockSize() {
    return false;
  }

  @Override
  public long defaultBlockSize() {
    return 0;
  }

  byte[] toByteArray() {
    return bytes.toByteArray();
  }
}
