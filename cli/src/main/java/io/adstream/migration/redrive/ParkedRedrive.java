package io.adstream.migration.redrive;

import io.adstream.config.ResourceNames;
import io.adstream.local.harness.KinesisLoader;
import io.adstream.local.harness.PutLog;
import io.adstream.local.mapping.ParkedBatch;
import io.adstream.stream.SourceRecord;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Puts the records of the batches parked in the on-failure destination ({@code aws/lambda/} in the
 * lake bucket, as Lambda writes them) back into the stream, byte for byte and with their partition
 * keys, then marks each batch done by moving it under {@value #REDRIVEN_PREFIX}: a second run finds
 * nothing left to redrive. A batch whose records were partly applied before it was parked is safe
 * to redrive: dedup finds those records already claimed.
 */
public final class ParkedRedrive {
  public static final String REDRIVEN_PREFIX = "redriven/";

  private final S3Client s3;
  private final KinesisClient kinesis;
  private final String bucket;
  private final String stream;

  public ParkedRedrive(S3Client s3, KinesisClient kinesis, String bucket, String stream) {
    this.s3 = s3;
    this.kinesis = kinesis;
    this.bucket = bucket;
    this.stream = stream;
  }

  /** One parked batch found. */
  public record Parked(String key, ParkedBatch batch) {}

  /**
   * The batches still parked, per shard in sequence order: redriven so, each shard's records keep
   * their order.
   */
  public List<Parked> parked() {
    List<Parked> parked = new ArrayList<>();
    for (S3Object object :
        s3.listObjectsV2Paginator(
                b -> b.bucket(bucket).prefix(ResourceNames.LAMBDA_ON_FAILURE_PREFIX))
            .contents()) {
      byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(object.key())).asByteArray();
      try {
        parked.add(new Parked(object.key(), ParkedBatch.parse(bytes)));
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "s3://" + bucket + "/" + object.key() + " is not a parked batch: " + e.getMessage(), e);
      }
    }
    parked.sort(
        java.util.Comparator.comparing((Parked p) -> p.batch().shardId())
            .thenComparing(p -> new java.math.BigInteger(p.batch().startSequenceNumber())));
    return parked;
  }

  /** Redrives one batch, then marks it done. Returns the records put. */
  public int redrive(Parked parked) throws InterruptedException {
    Map<byte[], String> partitionKeys = new IdentityHashMap<>();
    List<byte[]> data = new ArrayList<>();
    for (SourceRecord record : parked.batch().records()) {
      partitionKeys.put(record.data(), record.partitionKey());
      data.add(record.data());
    }
    // the loader asks for the key of the very array it was given
    new KinesisLoader(kinesis, stream, partitionKeys::get, new PutLog(), 10).load(data.iterator());
    s3.copyObject(
        b ->
            b.sourceBucket(bucket)
                .sourceKey(parked.key())
                .destinationBucket(bucket)
                .destinationKey(REDRIVEN_PREFIX + parked.key()));
    s3.deleteObject(b -> b.bucket(bucket).key(parked.key()));
    return data.size();
  }
}
