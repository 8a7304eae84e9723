package io.adstream.aws;

import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the AWS clients go: a region, and for each service either its real AWS endpoint (absent) or
 * an override such as an emulator's.
 *
 * <p>{@link #fromEnvironment(Map)} reads the SDK's standard settings, so that one code path talks
 * to real AWS, LocalStack, Floci or the embedded emulator: {@code AWS_ENDPOINT_URL} for every
 * service, {@code AWS_ENDPOINT_URL_<SERVICE>} for one, {@code
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true} to ignore both, and {@code AWS_REGION} (or {@code
 * AWS_DEFAULT_REGION}) for the region.
 *
 * @param region empty = the SDK's default region lookup (in Lambda: {@code AWS_REGION})
 */
public record AwsTarget(Optional<String> region, Map<AwsService, URI> endpoints) {

  /** The region of every emulator target unless the environment names another. */
  public static final String EMULATOR_REGION = "us-east-1";

  public AwsTarget {
    Objects.requireNonNull(region, "region");
    endpoints = Map.copyOf(endpoints);
  }

  /** Real AWS in the default region. */
  public static AwsTarget realAws() {
    return new AwsTarget(Optional.empty(), Map.of());
  }

  /** Every service at the given endpoints, in {@value #EMULATOR_REGION}. */
  public static AwsTarget emulator(Map<AwsService, URI> endpoints) {
    return new AwsTarget(Optional.of(EMULATOR_REGION), endpoints);
  }

  public static AwsTarget fromEnvironment(Map<String, String> environment) {
    Map<AwsService, URI> endpoints = new EnumMap<>(AwsService.class);
    if (!"true".equalsIgnoreCase(environment.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"))) {
      Optional<URI> shared = endpointFrom(environment, AwsService.ENDPOINT_VARIABLE);
      for (AwsService service : AwsService.values()) {
        endpointFrom(environment, service.endpointVariable())
            .or(() -> shared)
            .ifPresent(endpoint -> endpoints.put(service, endpoint));
      }
    }
    Optional<String> region =
        nonBlank(environment.get("AWS_REGION"))
            .or(() -> nonBlank(environment.get("AWS_DEFAULT_REGION")));
    if (region.isEmpty() && !endpoints.isEmpty()) {
      region = Optional.of(EMULATOR_REGION);
    }
    return new AwsTarget(region, endpoints);
  }

  public Optional<URI> endpoint(AwsService service) {
    return Optional.ofNullable(endpoints.get(service));
  }

  /** True when any service goes to an endpoint other than real AWS's. */
  public boolean emulated() {
    return !endpoints.isEmpty();
  }

  /** This target with one service sent elsewhere. */
  public AwsTarget withEndpoint(AwsService service, URI endpoint) {
    Map<AwsService, URI> changed = new EnumMap<>(AwsService.class);
    changed.putAll(endpoints);
    changed.put(service, endpoint);
    return new AwsTarget(region, changed);
  }

  private static Optional<URI> endpointFrom(Map<String, String> environment, String variable) {
    return nonBlank(environment.get(variable))
        .map(
            value -> {
              URI uri = URI.create(value.strip());
              if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException(
                    variable + " must be an absolute http(s) URL, was " + value);
              }
              return uri;
            });
  }

  private static Optional<String> nonBlank(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }
}
