package io.adstream.processing.aws;

import io.adstream.aggregation.aws.HourBucketMapping;
import io.adstream.aggregation.aws.MinuteBucketMapping;
import io.adstream.alerts.UserAgentClassifier;
import io.adstream.alerts.aws.FloodGroupMapping;
import io.adstream.alerts.aws.SourceActivityMapping;
import io.adstream.attribution.aws.UserStateMapping;
import io.adstream.campaigns.aws.DynamoCampaignStore;
import io.adstream.config.AdstreamConfig;
import io.adstream.dedup.aws.DynamoClaimStore;
import io.adstream.features.aws.DeviceStateMapping;
import io.adstream.processing.StatefulStage;
import io.adstream.state.CapacityMeter;
import io.adstream.state.aws.DynamoVersionedStore;
import java.time.Clock;
import java.util.concurrent.Executor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The stateful stage wired to the DynamoDB tables of the shared configuration. */
public final class DynamoStatefulStage {
  private DynamoStatefulStage() {}

  public static StatefulStage create(
      DynamoDbClient dynamo,
      AdstreamConfig config,
      UserAgentClassifier userAgents,
      CapacityMeter meter,
      Executor executor,
      Executor branches,
      Clock clock) {
    return StatefulStage.builder()
        .config(config)
        .claims(new DynamoClaimStore(dynamo, config, meter))
        .aggregates(new DynamoVersionedStore<>(dynamo, new MinuteBucketMapping(config), meter))
        .hours(new DynamoVersionedStore<>(dynamo, new HourBucketMapping(config), meter))
        .devices(new DynamoVersionedStore<>(dynamo, new DeviceStateMapping(config), meter))
        .users(new DynamoVersionedStore<>(dynamo, new UserStateMapping(config), meter))
        .floods(new DynamoVersionedStore<>(dynamo, new FloodGroupMapping(config), meter))
        .sources(new DynamoVersionedStore<>(dynamo, new SourceActivityMapping(config), meter))
        .campaigns(new DynamoCampaignStore(dynamo, config, meter))
        .userAgents(userAgents)
        .clock(clock)
        .executor(executor)
        .branches(branches)
        .build();
  }
}
