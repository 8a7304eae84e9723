package io.adstream.local.serve;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.adstream.lambda.ApiHandler;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The API Gateway HTTP API event (payload format 2.0) that {@link ApiHandler} receives, built in
 * one place so that the local server, the harnesses and the tests all hand the handler the shape it
 * reads in Lambda: the method, the raw path, the decoded query and the lower-case headers.
 */
public final class ApiRequests {
  private ApiRequests() {}

  /** A GET of {@code rawPath} with the decoded query parameters and no headers. */
  public static APIGatewayV2HTTPEvent get(String rawPath, Map<String, String> query) {
    return request("GET", rawPath, query, Map.of());
  }

  /**
   * A request of {@code rawPath}; an empty query is left out, as API Gateway leaves it out, and
   * header names are lower case, as API Gateway passes them.
   */
  public static APIGatewayV2HTTPEvent request(
      String method, String rawPath, Map<String, String> query, Map<String, String> headers) {
    return APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRawPath(rawPath)
        .withQueryStringParameters(query == null || query.isEmpty() ? null : query)
        .withHeaders(headers)
        .withRequestContext(
            APIGatewayV2HTTPEvent.RequestContext.builder()
                .withHttp(
                    APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                        .withMethod(method)
                        .withPath(rawPath)
                        .build())
                .build())
        .build();
  }

  /**
   * Decoded query parameters, repeated ones joined by commas as API Gateway does; null when there
   * are none.
   */
  public static Map<String, String> query(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return null;
    }
    Map<String, String> query = new LinkedHashMap<>();
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      query.merge(name, value, (a, b) -> a + "," + b);
    }
    return query;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text; // left for the API to reject by name
    }
  }
}
