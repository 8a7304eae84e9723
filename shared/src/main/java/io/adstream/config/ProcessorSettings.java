package io.adstream.config;

import static io.adstream.config.AdstreamConfig.require;
import static io.adstream.config.AdstreamConfig.requireBetween;

import java.time.Duration;
import java.util.Optional;

/** The processor Lambda. */
public record ProcessorSettings(
    int memoryMb,
    Duration timeout,
    Optional<Integer> reservedConcurrency,
    boolean snapStart,
    String logLevel) {
  public ProcessorSettings {
    require(
        memoryMb >= 512 && memoryMb <= 10_240,
        "processor.memoryMb must be 512-10240, was " + memoryMb);
    requireBetween(timeout, Duration.ofSeconds(10), Duration.ofMinutes(15), "processor.timeout");
    reservedConcurrency.ifPresent(
        c ->
            require(c >= 1, "processor.reservedConcurrency must be at least 1 when set, was " + c));
    require(
        logLevel.matches("TRACE|DEBUG|INFO|WARN|ERROR"),
        "processor.logLevel must be one of TRACE, DEBUG, INFO, WARN, ERROR, was " + logLevel);
  }

  public static ProcessorSettings defaults() {
    return new ProcessorSettings(1024, Duration.ofSeconds(60), Optional.empty(), true, "INFO");
  }
}
