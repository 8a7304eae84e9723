package io.adstream.serving;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP request as the API sees it, whatever carried it (API Gateway, a function URL, the local
 * server).
 *
 * @param path the raw path, percent-encoded as it arrived
 * @param query query parameters, already decoded; a repeated parameter keeps its values
 *     comma-joined, as API Gateway's payload format 2.0 does
 * @param ifNoneMatch the If-None-Match header, for conditional GETs
 */
public record ApiRequest(
    String method, String path, Map<String, String> query, Optional<String> ifNoneMatch) {
  public ApiRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    query = Map.copyOf(query);
    Objects.requireNonNull(ifNoneMatch, "ifNoneMatch");
  }

  public static ApiRequest get(String path, Map<String, String> query) {
    return new ApiRequest("GET", path, query, Optional.empty());
  }

  public ApiRequest withIfNoneMatch(String etag) {
    return new ApiRequest(method, path, query, Optional.of(etag));
  }
}
