package io.adstream.local.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  @Test
  void rendersShareDoneRateAndFailures() {
    String line =
        ProgressBar.render(
            new ProgressBar.Progress(4_990, 10_000, 10, 3, ""), Duration.ofSeconds(10));

    assertThat(line)
        .startsWith("[###############---------------]  50% 5,000/10,000 records")
        .contains("499 rec/s")
        .contains("parked 10")
        .contains("retries 3")
        .endsWith("0:10");
  }

  @Test
  void onATerminalRedrawsOneLineAndEndsItOnClose() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ProgressBar.start(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            true,
            () -> new ProgressBar.Progress(1, 2, 0, 0, ""))
        .close();

    String shown = out.toString(StandardCharsets.UTF_8);
    assertThat(shown).startsWith("\r[").endsWith(System.lineSeparator());
    assertThat(shown.strip().lines()).hasSize(1);
  }

  @Test
  void elsewherePrintsPlainLines() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ProgressBar.start(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            false,
            () -> new ProgressBar.Progress(2, 2, 0, 0, ""))
        .close();

    assertThat(out.toString(StandardCharsets.UTF_8))
        .doesNotContain("\r")
        .contains("100% 2/2 records");
  }
}
