package io.adstream.local.mapping;

import io.adstream.config.ResourceNames;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Parks discarded batches in S3 as Lambda's S3 on-failure destination does: one object per batch,
 * holding the {@link ParkedBatch} invocation record, under Lambda's key layout {@code
 * aws/lambda/<mapping UUID>/<shard id>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<random UUID>}: the same keys
 * locally as in AWS, so the redrive tool reads one layout.
 */
final class S3OnFailureDestination implements OnFailureDestination {

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SECOND =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH.mm.ss").withZone(ZoneOffset.UTC);

  private final S3Client s3;
  private final String bucket;
  private final String mappingUuid;
  private final String functionArn;
  private final KinesisEvents events;

  S3OnFailureDestination(
      S3Client s3, String bucket, String mappingUuid, String functionArn, KinesisEvents events) {
    this.s3 = s3;
    this.bucket = bucket;
    this.mappingUuid = mappingUuid;
    this.functionArn = functionArn;
    this.events = events;
  }

  @Override
  public void send(DiscardedBatch batch) {
    String key =
        ResourceNames.LAMBDA_ON_FAILURE_PREFIX
            + mappingUuid
            + "/"
            + batch.shardId()
            + "/"
            + DAY.format(batch.timestamp())
            + "/"
            + SECOND.format(batch.timestamp())
            + "-"
            + UUID.randomUUID();
    s3.putObject(
        b -> b.bucket(bucket).key(key).contentType("application/json"),
        RequestBody.fromBytes(ParkedBatch.write(batch, functionArn, events)));
  }
}
