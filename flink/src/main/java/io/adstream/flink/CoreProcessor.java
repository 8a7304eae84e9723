package io.adstream.flink;

import io.adstream.config.AdstreamConfig;
import io.adstream.event.EventCodec;
import io.adstream.pii.PiiKeyProvider;
import io.adstream.pii.PiiMasker;
import io.adstream.processing.BatchProcessor;
import io.adstream.quarantine.QuarantineSealer;
import java.time.Clock;

/** The processor's stateless parts as the Lambda processor configures them: codecs, masking, sealing. */
public final class CoreProcessor {
  private CoreProcessor() {}

  /** A builder still missing the stage and the sinks, which are the deployment's. */
  public static BatchProcessor.Builder builder(AdstreamConfig config, PiiKeyProvider keys, Clock clock) {
    return BatchProcessor.builder()
        .codec(EventCodec.builder().futureTolerance(config.windows().futureTolerance()).build())
        .replayCodec(EventCodec.builder().futureTolerance(config.windows().futureTolerance()).maskedInput(true).build())
        .masker(PiiMasker.builder().keyProvider(keys).build())
        .sealer(QuarantineSealer.builder().keyProvider(keys).build())
        .clock(clock);
  }
}
