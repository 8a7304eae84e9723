package io.adstream.reconcile.aws;

import io.adstream.reconcile.TableCodec;
import io.adstream.reconcile.TableRow;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reads the batch table in S3: every object under a prefix is part of the table (Glue and Spark
 * write one object per task), except empty markers such as {@code _SUCCESS}.
 */
public final class S3BatchTable {
  private final S3Client s3;
  private final TableCodec codec;

  public S3BatchTable(S3Client s3, TableCodec codec) {
    this.s3 = s3;
    this.codec = codec;
  }

  /**
   * The rows of every object under the prefix.
   *
   * @throws IllegalStateException when there is no object: the batch job has not written the table
   */
  public List<TableRow> read(String bucket, String prefix) {
    List<TableRow> rows = new ArrayList<>();
    int objects = 0;
    for (S3Object object :
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
      String name = object.key().substring(object.key().lastIndexOf('/') + 1);
      if (object.size() == 0 || name.startsWith("_") || name.startsWith(".")) {
        continue;
      }
      byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(object.key())).asByteArray();
      rows.addAll(codec.read("s3://" + bucket + "/" + object.key(), bytes));
      objects++;
    }
    if (objects == 0) {
      throw new IllegalStateException(
          "no batch table under s3://" + bucket + "/" + prefix + ": has the batch job run?");
    }
    return rows;
  }
}
