package io.adstream.observability;

/** Where batch metrics go: EMF log lines in Lambda, a running summary locally. */
@FunctionalInterface
public interface MetricsSink {
  void publish(BatchMetrics metrics);
}
