package io.adstream.pipeline;

import io.adstream.aws.ProvisioningPlan;
import io.adstream.config.AdstreamConfig;
import io.adstream.lambda.ProcessorHandler;
import io.adstream.local.emulator.LocalAws;
import io.adstream.local.harness.LocalRun;
import io.adstream.local.harness.PipelineTotals;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Local runs of the real processor that print nothing: test output stays quiet. */
final class QuietRuns {
  private QuietRuns() {}

  /** A run of the processor handler counting into {@code totals}, progress and logs discarded. */
  static LocalRun.Builder processor(LocalAws aws, AdstreamConfig config, PipelineTotals totals) {
    return LocalRun.builder()
        .aws(aws)
        .config(config)
        .handler(
            () ->
                new ProcessorHandler(
                    aws.clients(), config, ProvisioningPlan.of(config).alertTopicArn(), totals))
        .progress(discarded(), false)
        .functionLog(discarded());
  }

  private static PrintStream discarded() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }
}
