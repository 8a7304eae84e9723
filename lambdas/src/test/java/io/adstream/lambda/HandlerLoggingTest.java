package io.adstream.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.OutputStreamAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The handlers log through SLF4J: the deployable jar's dependencies must bind it to Log4j and its
 * JSON layout (guarantee 9 (docs/guarantees.md)), not to SLF4J's no-operation logger, which drops
 * every line silently.
 */
class HandlerLoggingTest {

  @Test
  void handlerLogLinesReachLog4jAsJsonWithTheirShardAndSequence() {
    assertThat(LoggerFactory.getILoggerFactory().getClass().getName())
        .as("SLF4J binding (a no-operation binding loses every log line)")
        .isEqualTo("org.apache.logging.slf4j.Log4jLoggerFactory");

    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration configuration = context.getConfiguration();
    assertThat(configuration.getAppender("JsonAppender").getLayout())
        .isInstanceOf(JsonTemplateLayout.class);

    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    OutputStreamAppender capture =
        OutputStreamAppender.newBuilder()
            .setName("capture")
            .setTarget(new PrintStream(captured, true, StandardCharsets.UTF_8))
            .setLayout(configuration.getAppender("JsonAppender").getLayout())
            .setConfiguration(configuration)
            .build();
    capture.start();
    configuration.getLoggerConfig("io.adstream").addAppender(capture, null, null);
    context.updateLoggers();
    try {
      Logger log = LoggerFactory.getLogger(ProcessorHandler.class);
      MDC.put("shard_id", "shardId-000000000001");
      MDC.put("sequence_number", "4965");
      log.warn("batch of 3 stops at a record that did not commit");
    } finally {
      MDC.clear();
      configuration.getLoggerConfig("io.adstream").removeAppender("capture");
      context.updateLoggers();
      capture.stop();
    }

    assertThat(captured.toString(StandardCharsets.UTF_8))
        .contains("\"message\":\"batch of 3 stops at a record that did not commit\"")
        .contains("\"shard_id\":\"shardId-000000000001\"")
        .contains("\"sequence_number\":\"4965\"");
  }
}
