package io.adstream.serving;

import java.util.Map;
import java.util.Objects;

/** An HTTP response of the API: JSON body (empty for 304), and its headers. */
public record ApiResponse(int status, Map<String, String> headers, String body) {
  public ApiResponse {
    headers = Map.copyOf(headers);
    Objects.requireNonNull(body, "body");
  }

  public String header(String name) {
    return headers.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }
}
