package io.adstream.config;

import static io.adstream.config.AdstreamConfig.require;

/**
 * What the deployment pays for capacity, kept apart from everything else so that cost choices are
 * one section: DynamoDB's billing mode and auto scaling, and when the lake's objects move to
 * cheaper storage classes.
 *
 * @param dynamoDb how the state tables are billed
 * @param lake storage-class transitions of enriched/ and attribution/
 * @param writeUnitPriceUsd what one DynamoDB write unit costs in the chosen mode, for the
 *     processor's cost-per-million-events metric (us-east-1 list prices of 2026-12-02: on-demand
 *     0.625 USD per million write request units; provisioned 0.00065 USD per WCU-hour, 0.000247 USD
 *     per write at 100% use, 0.000353 at auto scaling's 70% target)
 */
public record CapacitySettings(
    DynamoDbCapacity dynamoDb, LakeTransitions lake, double writeUnitPriceUsd) {
  public CapacitySettings {
    require(dynamoDb != null, "capacity.dynamoDb is required");
    require(lake != null, "capacity.lake is required");
    require(
        writeUnitPriceUsd > 0 && writeUnitPriceUsd < 0.01,
        "capacity.writeUnitPriceUsd must be above 0 and below 0.01, was " + writeUnitPriceUsd);
  }

  public static CapacitySettings defaults() {
    return new CapacitySettings(DynamoDbCapacity.defaults(), LakeTransitions.defaults(), 0.000353);
  }

  /**
   * DynamoDB capacity. Provisioned with target-tracking auto scaling costs about 2.4 times less per
   * write than on-demand for traffic that, like ad traffic, follows a daily curve; on-demand suits
   * spiky or unknown load. Either keeps every guarantee: a throttled write fails like any other,
   * and the batch is retried from the first record that did not commit.
   *
   * @param onDemand PAY_PER_REQUEST instead of provisioned capacity
   * @param minWriteUnits the least write capacity of each table and index when provisioned
   * @param maxWriteUnits the most auto scaling may provision
   * @param minReadUnits the least read capacity of each table and index when provisioned
   * @param maxReadUnits the most auto scaling may provision
   * @param targetUtilizationPercent the consumed share of provisioned capacity auto scaling keeps
   */
  public record DynamoDbCapacity(
      boolean onDemand,
      int minWriteUnits,
      int maxWriteUnits,
      int minReadUnits,
      int maxReadUnits,
      int targetUtilizationPercent) {
    public DynamoDbCapacity {
      require(
          minWriteUnits >= 1 && minWriteUnits <= maxWriteUnits && maxWriteUnits <= 40_000,
          "capacity.dynamoDb write units must be 1 <= min <= max <= 40000, were "
              + minWriteUnits
              + "-"
              + maxWriteUnits);
      require(
          minReadUnits >= 1 && minReadUnits <= maxReadUnits && maxReadUnits <= 40_000,
          "capacity.dynamoDb read units must be 1 <= min <= max <= 40000, were "
              + minReadUnits
              + "-"
              + maxReadUnits);
      require(
          targetUtilizationPercent >= 20 && targetUtilizationPercent <= 90,
          "capacity.dynamoDb.targetUtilizationPercent must be 20-90, was "
              + targetUtilizationPercent);
    }

    public static DynamoDbCapacity defaults() {
      return new DynamoDbCapacity(false, 5, 4_000, 5, 2_000, 70);
    }
  }

  /**
   * When the lake's data objects move to cheaper storage classes: Standard-Infrequent Access once
   * the daily reconcile and most replays are past, Glacier Instant Retrieval (still readable in
   * milliseconds by batch, replay and reconcile) for the rest of the two years; objects under
   * {@link #MIN_OBJECT_BYTES} stay in Standard. 0 turns a transition off.
   */
  public record LakeTransitions(
      int infrequentAccessAfterDays, int glacierInstantRetrievalAfterDays) {
    /**
     * Both classes bill a smaller object as this size: only objects at least this large are moved.
     */
    public static final long MIN_OBJECT_BYTES = 128 * 1024;

    public LakeTransitions {
      require(
          infrequentAccessAfterDays == 0 || infrequentAccessAfterDays >= 30,
          "capacity.lake.infrequentAccessAfterDays must be 0 (off) or at least 30 (S3's minimum), was "
              + infrequentAccessAfterDays);
      require(
          glacierInstantRetrievalAfterDays == 0
              || glacierInstantRetrievalAfterDays >= infrequentAccessAfterDays + 30,
          "capacity.lake.glacierInstantRetrievalAfterDays must be 0 (off) or at least 30 days after"
              + " infrequentAccessAfterDays, was "
              + glacierInstantRetrievalAfterDays);
    }

    public static LakeTransitions defaults() {
      return new LakeTransitions(30, 90);
    }
  }
}
