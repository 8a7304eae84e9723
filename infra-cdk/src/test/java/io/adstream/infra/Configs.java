package io.adstream.infra;

import io.adstream.config.AdstreamConfig;
import software.amazon.awscdk.assertions.Template;

/**
 * The two configurations the assertion tests synthesize: the defaults, and a variant that changes
 * every setting the template carries, so that a test checking "the template follows the
 * configuration" fails if a setting is hard-coded.
 */
final class Configs {
  static final AdstreamConfig DEFAULTS = AdstreamConfig.defaults();

  static final AdstreamConfig VARIANT =
      AdstreamConfig.withOverrides(
          """
          {
            "prefix": "adstream-dev",
            "stream": {"onDemand": false, "shardCount": 4, "retentionHours": 48, "enhancedFanOut": true},
            "mapping": {
              "batchSize": 100, "maxBatchingWindow": "PT2S", "bisectBatchOnError": false,
              "maxRetryAttempts": 2, "maxRecordAge": null, "startingPosition": "LATEST"
            },
            "processor": {
              "memoryMb": 2048, "timeout": "PT2M", "reservedConcurrency": 20, "snapStart": false, "logLevel": "DEBUG"
            },
            "landing": {"bufferSeconds": 120, "bufferMb": 128},
            "retention": {"quarantineDays": 14, "lakeDays": 365},
            "alerts": {"scheduledCheck": {"rate": "PT15M"}},
            "operations": {
              "logRetentionDays": 90, "auditLogRetentionDays": 400, "apiReservedConcurrency": 7, "tracing": true,
              "dashboardDomain": {
                "domainName": "dashboard.example.com",
                "certificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"
              },
              "alarms": {
                "iteratorAge": "PT5M", "processorErrors": 3, "processorThrottles": 7,
                "quarantinePercent": 2.5, "quarantineMinimumRecords": 250, "parkedRecords": 9, "landingFreshness": "PT30M",
                "streamIteratorAge": "PT2H", "producerThrottledRecords": 13, "producerFailedRecords": 5,
                "tableThrottles": 6, "tableSystemErrors": 8, "landingThrottledRecords": 12,
                "alertCheckErrors": 2, "apiErrors": 4, "apiServerErrors": 11
              },
              "alertSubscriptions": [
                {"protocol": "EMAIL", "endpoint": "fraud@example.com", "filter": {"severity": ["HIGH", "CRITICAL"]}},
                {"protocol": "SQS", "endpoint": "arn:aws:sqs:eu-west-1:123456789012:alerts"}
              ],
              "opsSubscriptions": [{"protocol": "HTTPS", "endpoint": "https://pager.example.com/hook"}]
            }
          }
          """);

  private Configs() {}

  static Template variantTemplate() {
    return Synth.synthesized(VARIANT).template();
  }

  static Template templateOf(AdstreamConfig config) {
    return Synth.synthesized(config).template();
  }
}
