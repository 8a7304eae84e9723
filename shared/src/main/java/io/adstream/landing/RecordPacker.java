package io.adstream.landing;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Packs newline-terminated lines into records of at most {@code maxRecordBytes}: Firehose bills
 * every record in 5 KB increments, so one event per record would multiply the bill. A line longer
 * than the limit gets a record of its own (the stream's limit, 1,000 KiB, is far above the 64 KiB
 * event limit).
 */
public final class RecordPacker {
  private final int maxRecordBytes;

  public RecordPacker(int maxRecordBytes) {
    this.maxRecordBytes = maxRecordBytes;
  }

  public List<byte[]> pack(List<byte[]> lines) {
    List<byte[]> records = new ArrayList<>();
    ByteArrayOutputStream current = new ByteArrayOutputStream(Math.min(maxRecordBytes, 64 * 1024));
    for (byte[] line : lines) {
      if (current.size() > 0 && current.size() + line.length + 1 > maxRecordBytes) {
        records.add(current.toByteArray());
        current.reset();
      }
      current.writeBytes(line);
      current.write('\n');
    }
    if (current.size() > 0) {
      records.add(current.toByteArray());
    }
    return records;
  }
}
