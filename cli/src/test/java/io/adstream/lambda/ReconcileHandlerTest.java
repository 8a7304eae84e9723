package io.adstream.lambda;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.adstream.config.AdstreamConfig;
import org.junit.jupiter.api.Test;

class ReconcileHandlerTest {

  @Test
  void aParquetBatchTableFailsTheFunctionAtStartNotAtTheFirstScheduledRun() {
    AdstreamConfig config =
        AdstreamConfig.withOverrides("{\"reconcile\":{\"batchTable\":{\"format\":\"PARQUET\"}}}");
    assertThatThrownBy(() -> new ReconcileHandler(null, config, "lake", result -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "reconcile.batchTable.format is PARQUET, but the scheduled reconcile Lambda reads CSV or JSON lines only:"
                + " have the batch job write CSV or JSON lines for it, or reconcile Parquet tables with the CLI"
                + " (adstream reconcile --format parquet)");
  }
}
