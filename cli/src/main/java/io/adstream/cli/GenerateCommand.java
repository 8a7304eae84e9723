package io.adstream.cli;

import io.adstream.generator.CrawlerList;
import io.adstream.generator.GeneratedTraffic;
import io.adstream.generator.GenerationReport;
import io.adstream.generator.TrafficGenerator;
import io.adstream.generator.TrafficProfile;
import io.adstream.generator.truth.GroundTruth;
import io.adstream.generator.truth.TruthDocument;
import io.adstream.generator.truth.TruthEvaluator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code adstream generate}: deterministic traffic as NDJSON, with its ground truth. */
@Command(
    name = "generate",
    sortOptions = false,
    description = {
      "Generates deterministic, realistic ad traffic as NDJSON in delivery (put) order, with the defects a"
          + " pipeline must survive, and optionally its ground truth (docs/semantics.md).",
      "The same --seed and --start give the same bytes on every run."
    })
final class GenerateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Mixin TrafficOptions traffic;

  @Option(names = "--out", description = "NDJSON output file (default: standard output).")
  Optional<Path> out;

  @Option(names = "--truth", description = "Ground-truth JSON file to write.")
  Optional<Path> truth;

  @Override
  public Integer call() throws IOException {
    long started = System.nanoTime();
    TrafficProfile profile = traffic.profile(spec, TrafficProfile.DEFAULT_EVENTS);
    GeneratedTraffic traffic = TrafficGenerator.builder().profile(profile).build().generate();
    writeLines(traffic);
    PrintWriter err = spec.commandLine().getErr();
    summary(err, profile, traffic);
    if (truth.isPresent()) {
      GroundTruth groundTruth =
          TruthEvaluator.builder()
              .config(profile.config())
              .processingTime(profile.end())
              // the scheduled alert check once every hour of the traffic is past the allowed
              // lateness
              .alertCheckTime(
                  profile
                      .end()
                      .plus(profile.config().windows().allowedLateness())
                      .plus(Duration.ofHours(1)))
              .crawlers(CrawlerList.load())
              .build()
              .evaluate(traffic.lines());
      try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(truth.get()))) {
        TruthDocument.write(file, profile, traffic.report(), groundTruth);
      } catch (IOException e) {
        throw new IOException(
            "cannot write --truth file " + truth.get() + ": " + e.getMessage(), e);
      }
      GroundTruth.RecordCounts counts = groundTruth.records();
      err.printf(
          Locale.ROOT,
          "  truth: %,d accepted, %,d duplicates, %,d quarantined, %,d late, %,d alerts -> %s%n",
          counts.accepted(),
          counts.duplicates(),
          counts.quarantined(),
          groundTruth.lateEvents().size(),
          groundTruth.alerts().size(),
          truth.get());
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    err.printf(
        Locale.ROOT, "  in %.1f s (%,.0f records/s)%n", seconds, traffic.lines().size() / seconds);
    err.flush();
    return 0;
  }

  private void writeLines(GeneratedTraffic traffic) throws IOException {
    OutputStream target = out.isPresent() ? openOut(out.get()) : System.out;
    try {
      OutputStream buffered = new BufferedOutputStream(target, 1 << 16);
      for (byte[] line : traffic.lines()) {
        buffered.write(line);
        buffered.write('\n');
      }
      buffered.flush();
    } catch (IOException e) {
      throw new IOException(
          "cannot write "
              + out.map(p -> "--out file " + p).orElse("to standard output")
              + ": "
              + e.getMessage(),
          e);
    } finally {
      if (out.isPresent()) {
        target.close();
      }
    }
  }

  private static OutputStream openOut(Path file) throws IOException {
    try {
      return Files.newOutputStream(file);
    } catch (IOException e) {
      throw new IOException("cannot write --out file " + file + ": " + e, e);
    }
  }

  private void summary(PrintWriter err, TrafficProfile profile, GeneratedTraffic traffic) {
    GenerationReport report = traffic.report();
    err.printf(
        Locale.ROOT,
        "adstream generate: %,d records, event times %s .. %s, seed %d -> %s%n",
        traffic.lines().size(),
        profile.start(),
        profile.end(),
        profile.seed(),
        out.map(Path::toString).orElse("stdout"));
    err.printf(
        Locale.ROOT,
        "  produced: %s%n",
        report.baseRecords().entrySet().stream()
            .map(e -> String.format(Locale.ROOT, "%,d %s", e.getValue(), e.getKey()))
            .collect(Collectors.joining(", ")));
    err.printf(
        Locale.ROOT,
        "  planted: %,d malformed, %,d duplicates, %,d id conflicts, %,d out of order, %,d late, %,d bot clicks,"
            + " %d click floods, %d click injections%n",
        report.malformed().size(),
        report.duplicates(),
        report.idConflicts(),
        report.outOfOrder(),
        report.late(),
        report.botClicks(),
        profile.clickFloods(),
        profile.clickInjections());
  }
}
