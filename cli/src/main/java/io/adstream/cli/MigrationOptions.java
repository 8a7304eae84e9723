package io.adstream.cli;

import io.adstream.config.AdstreamConfig;
import io.adstream.reconcile.TimeRange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Options of the migration tools: the configuration and the event-time range (a day, or
 * --from/--to).
 */
final class MigrationOptions {

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "JSON overrides of the configuration (as for adstream local).")
  Optional<Path> config = Optional.empty();

  @Option(
      names = "--date",
      paramLabel = "YYYY-MM-DD",
      description = "A UTC day (instead of --from/--to).")
  Optional<String> date = Optional.empty();

  @Option(
      names = "--from",
      converter = OptionConverters.Timestamp.class,
      description = "Start of the range, RFC 3339, on a whole hour (inclusive).")
  Optional<Instant> from = Optional.empty();

  @Option(
      names = "--to",
      converter = OptionConverters.Timestamp.class,
      description = "End of the range, RFC 3339, on a whole hour (exclusive).")
  Optional<Instant> to = Optional.empty();

  /** The configuration of a command that has its own --config option. */
  static AdstreamConfig config(CommandSpec spec, Optional<Path> file) {
    MigrationOptions options = new MigrationOptions();
    options.config = file;
    return options.config(spec);
  }

  AdstreamConfig config(CommandSpec spec) {
    if (config.isEmpty()) {
      return AdstreamConfig.defaults();
    }
    Path file = config.get();
    try {
      return AdstreamConfig.withOverrides(Files.readString(file));
    } catch (IOException e) {
      throw new ParameterException(
          spec.commandLine(), "--config " + file + " cannot be read: " + e);
    } catch (AdstreamConfig.InvalidConfigException e) {
      throw new ParameterException(spec.commandLine(), "--config " + file + ": " + e.getMessage());
    }
  }

  TimeRange range(CommandSpec spec) {
    try {
      if (date.isPresent()) {
        if (from.isPresent() || to.isPresent()) {
          throw new ParameterException(spec.commandLine(), "give --date or --from/--to, not both");
        }
        return TimeRange.day(LocalDate.parse(date.get()));
      }
      if (from.isEmpty() || to.isEmpty()) {
        throw new ParameterException(
            spec.commandLine(), "give the range: --date YYYY-MM-DD, or --from and --to");
      }
      return new TimeRange(from.get(), to.get());
    } catch (DateTimeParseException e) {
      throw new ParameterException(
          spec.commandLine(), "--date '" + date.orElse("") + "' is not a date (YYYY-MM-DD)");
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
