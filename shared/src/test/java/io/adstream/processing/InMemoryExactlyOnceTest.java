package io.adstream.processing;

import io.adstream.aggregation.CampaignMinute;
import io.adstream.aggregation.HourBucket;
import io.adstream.aggregation.HourBucketKey;
import io.adstream.aggregation.Measures;
import io.adstream.aggregation.MinuteBucket;
import io.adstream.aggregation.MinuteBucketKey;
import io.adstream.alerts.FloodGroup;
import io.adstream.alerts.FloodKey;
import io.adstream.alerts.SourceActivity;
import io.adstream.attribution.UserState;
import io.adstream.campaigns.CampaignStore;
import io.adstream.config.AdstreamConfig;
import io.adstream.dedup.ClaimStore;
import io.adstream.features.DeviceState;
import io.adstream.features.FeatureVector;
import io.adstream.state.VersionedStore;
import io.adstream.testing.StageHarness;
import java.util.Map;
import java.util.TreeMap;

/** The exactly-once contract on in-memory stores: many seeds, fast. */
class InMemoryExactlyOnceTest extends ExactlyOnceFaultInjectionTest {

  @Override
  int seeds() {
    return 60;
  }

  @Override
  StateUnderTest newState(AdstreamConfig config, long seed) {
    StageHarness harness = new StageHarness(config);
    return new StateUnderTest() {
      @Override
      public ClaimStore claims() {
        return harness.claims;
      }

      @Override
      public VersionedStore<MinuteBucketKey, MinuteBucket> aggregates() {
        return harness.aggregates;
      }

      @Override
      public VersionedStore<HourBucketKey, HourBucket> hours() {
        return harness.hours;
      }

      @Override
      public VersionedStore<String, DeviceState> devices() {
        return harness.devices;
      }

      @Override
      public VersionedStore<String, UserState> users() {
        return harness.users;
      }

      @Override
      public VersionedStore<FloodKey, FloodGroup> floods() {
        return harness.floods;
      }

      @Override
      public VersionedStore<String, SourceActivity> sources() {
        return harness.sources;
      }

      @Override
      public CampaignStore campaigns() {
        return harness.campaigns;
      }

      @Override
      public Map<CampaignMinute, Measures> totals() {
        return harness.totals();
      }

      @Override
      public Map<CampaignMinute, Measures> hourTotals() {
        return harness.hourTotals();
      }

      @Override
      public Map<String, FeatureVector> deviceFeatures() {
        Map<String, FeatureVector> features = new TreeMap<>();
        harness
            .devices
            .snapshot()
            .forEach(
                (device, item) ->
                    item.value().activity().features().ifPresent(f -> features.put(device, f)));
        return features;
      }

      @Override
      public Map<String, Long> budgets() {
        Map<String, Long> budgets = new TreeMap<>();
        harness
            .campaigns
            .settings()
            .forEach((campaign, update) -> budgets.put(campaign, update.dailyBudgetMicros()));
        return budgets;
      }

      @Override
      public Map<String, Long> semClicks() {
        Map<String, Long> rows = new TreeMap<>();
        harness.campaigns.semRows().forEach((key, row) -> rows.put(key, row.clicks()));
        return rows;
      }
    };
  }
}
