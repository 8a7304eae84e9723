package io.adstream.processing.aws;

import io.adstream.campaigns.aws.DynamoCampaignStore;
import io.adstream.config.AdstreamConfig;
import io.adstream.processing.StatefulStage;
import io.adstream.processing.UserAgentClassifier;
import io.adstream.state.CapacityMeter;
import io.adstream.state.aws.DynamoVersionedStore;
import io.adstream.state.aws.StateMappings;
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
        .aggregates(new DynamoVersionedStore<>(dynamo, StateMappings.minuteBuckets(config), meter))
        .devices(new DynamoVersionedStore<>(dynamo, StateMappings.devices(config), meter))
        .users(new DynamoVersionedStore<>(dynamo, StateMappings.users(config), meter))
        .floods(new DynamoVersionedStore<>(dynamo, StateMappings.floods(config), meter))
        .watermarks(new DynamoVersionedStore<>(dynamo, StateMappings.watermarks(config), meter))
        .sources(new DynamoVersionedStore<>(dynamo, StateMappings.sources(config), meter))
        .campaigns(new DynamoCampaignStore(dynamo, config, meter))
        .userAgents(userAgents)
        .clock(clock)
        .executor(executor)
        .branches(branches)
        .build();
  }
}
