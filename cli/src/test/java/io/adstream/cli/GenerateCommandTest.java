package io.adstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class GenerateCommandTest {
  private static final String START = "2026-11-20T08:00:00Z";

  @TempDir Path dir;

  /** One run of the command line: exit code and what it printed to stderr. */
  record Run(int exitCode, String err) {}

  static Run adstream(String... args) {
    StringWriter err = new StringWriter();
    CommandLine commandLine = Adstream.commandLine();
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setOut(new PrintWriter(new StringWriter(), true));
    return new Run(commandLine.execute(args), err.toString());
  }

  @Test
  void writesTheRecordsAndTheTruthAndSummarizesOnStderr() throws IOException {
    Path out = dir.resolve("traffic.ndjson");
    Path truth = dir.resolve("truth.json");

    Run run =
        adstream(
            "generate",
            "--seed",
            "3",
            "--events",
            "3k",
            "--start",
            START,
            "--out",
            out.toString(),
            "--truth",
            truth.toString());

    assertThat(run.exitCode()).isZero();
    // count line breaks: some lines are deliberately not UTF-8
    long lines =
        Arrays.stream(
                    new String(Files.readAllBytes(out), StandardCharsets.ISO_8859_1)
                        .split("\n", -1))
                .count()
            - 1;
    JsonNode document = new ObjectMapper().readTree(truth.toFile());
    assertThat(document.path("format").asText()).isEqualTo("adstream-truth/1");
    assertThat(document.path("records").path("received").asLong()).isEqualTo(lines);
    assertThat(document.path("generator").path("seed").asLong()).isEqualTo(3);
    assertThat(lines).isBetween(2_700L, 3_300L);
    assertThat(run.err())
        .contains(String.format(java.util.Locale.ROOT, "%,d records", lines))
        .contains("planted:")
        .contains("truth:");
  }

  @Test
  void theSameSeedAndStartWriteTheSameBytes() throws IOException {
    List<byte[]> outputs = new ArrayList<>();
    for (String name : List.of("a", "b")) {
      Path out = dir.resolve(name + ".ndjson");
      Path truth = dir.resolve(name + ".json");
      assertThat(
              adstream(
                      "generate",
                      "--seed",
                      "9",
                      "--events",
                      "2000",
                      "--start",
                      START,
                      "--out",
                      out.toString(),
                      "--truth",
                      truth.toString())
                  .exitCode())
          .isZero();
      outputs.add(Files.readAllBytes(out));
      outputs.add(Files.readAllBytes(truth));
    }

    assertThat(outputs.get(2)).isEqualTo(outputs.get(0));
    assertThat(outputs.get(3)).isEqualTo(outputs.get(1));
  }

  @Test
  void withoutOutTheRecordsGoToStandardOutput() {
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    Run run;
    try {
      System.setOut(new PrintStream(captured, true));
      run = adstream("generate", "--events", "1000", "--start", START);
    } finally {
      System.setOut(stdout);
    }

    assertThat(run.exitCode()).isZero();
    assertThat(captured.toString(StandardCharsets.ISO_8859_1).lines())
        .hasSizeGreaterThan(900)
        .allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}"));
  }

  @Test
  void configurationOverridesShapeThePlantedFraud() throws IOException {
    Path config =
        Files.writeString(
            dir.resolve("config.json"),
            "{\"alerts\":{\"clickFlood\":{\"maxClicksPerMinute\":5},"
                + "\"botTraffic\":{\"window\":\"PT15M\"}}}");
    Path truth = dir.resolve("truth.json");

    assertThat(
            adstream(
                    "generate",
                    "--events",
                    "2000",
                    "--start",
                    START,
                    "--click-floods",
                    "1",
                    "--config",
                    config.toString(),
                    "--out",
                    dir.resolve("t.ndjson").toString(),
                    "--truth",
                    truth.toString())
                .exitCode())
        .isZero();

    JsonNode generator = new ObjectMapper().readTree(truth.toFile()).path("generator");
    assertThat(generator.path("max_clicks_per_minute").asInt()).isEqualTo(5);
    assertThat(generator.path("bot_alert_window").asText()).isEqualTo("PT15M");
    assertThat(generator.path("patterns"))
        .filteredOn(p -> p.path("kind").asText().equals("click_flood"))
        .singleElement()
        .satisfies(flood -> assertThat(flood.path("clicks").asInt()).isBetween(6, 7));
  }

  static Stream<Arguments> badValues() throws IOException {
    Path config = Files.createTempFile("adstream-config", ".json");
    Files.writeString(config, "{\"windows\":{\"allowedLateness\":\"P30D\"}}");
    config.toFile().deleteOnExit();
    return Stream.of(
        Arguments.of(List.of("--duplicate-rate", "1.5"), "--duplicate-rate"),
        Arguments.of(List.of("--bot-rate", "often"), "--bot-rate"),
        Arguments.of(List.of("--events", "lots"), "--events"),
        Arguments.of(List.of("--events", "0"), "--events"),
        Arguments.of(List.of("--campaigns", "0"), "--campaigns"),
        Arguments.of(List.of("--duration", "5 minutes"), "--duration"),
        Arguments.of(List.of("--duration", "30s"), "--duration"),
        Arguments.of(List.of("--start", "yesterday"), "--start"),
        Arguments.of(List.of("--start", "2999-01-01T00:00:00Z"), "--start"),
        Arguments.of(
            List.of("--out-of-order-rate", "0.7", "--late-rate", "0.5"), "--out-of-order-rate"),
        Arguments.of(
            List.of("--config", "/nonexistent/adstream.json"),
            "--config /nonexistent/adstream.json"),
        Arguments.of(List.of("--config", config.toString()), "windows.allowedLateness"),
        Arguments.of(List.of("--click-floods", "-1"), "--click-floods"),
        Arguments.of(List.of("--bogus"), "--bogus"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badValues")
  void aBadValueIsAUsageErrorNamingTheOption(List<String> options, String named) {
    List<String> args =
        new ArrayList<>(
            List.of("generate", "--start", START, "--out", dir.resolve("x").toString()));
    if (options.contains("--start")) {
      args.subList(1, 3).clear();
    }
    args.addAll(options);

    Run run = adstream(args.toArray(String[]::new));

    assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE).isEqualTo(2);
    assertThat(run.err().lines().findFirst().orElseThrow()).contains(named);
  }

  @Test
  void anOutputThatCannotBeWrittenFailsNamingIt() {
    Run run =
        adstream(
            "generate",
            "--events",
            "500",
            "--start",
            START,
            "--out",
            dir.resolve("no/such/dir/x").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("--out").contains("no/such/dir/x");
  }

  @Test
  void theMainCommandListsItsSubcommandsAndNeedsOne() {
    assertThat(adstream().exitCode()).isEqualTo(2);
    Run help = adstream("help", "generate");
    assertThat(help.exitCode()).isZero();
  }
}
