package io.adstream.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.adstream.aggregation.aws.DynamoAggregateReader;
import io.adstream.alerts.aws.DynamoAlertFeed;
import io.adstream.attribution.UserState;
import io.adstream.attribution.aws.UserStateMapping;
import io.adstream.aws.AwsClientFactory;
import io.adstream.campaigns.aws.DynamoCampaignDirectory;
import io.adstream.config.AdstreamConfig;
import io.adstream.features.aws.DeviceStateMapping;
import io.adstream.features.aws.DynamoFeatureReader;
import io.adstream.serving.ApiRequest;
import io.adstream.serving.ApiResponse;
import io.adstream.serving.ServingApi;
import io.adstream.state.CapacityMeter;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The read API's Lambda, behind an API Gateway HTTP API (payload format 2.0); {@code adstream
 * serve} hands it the same events locally. It only wires: the API is {@link ServingApi}.
 */
public final class ApiHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

  private final ServingApi api;

  /** In Lambda: configuration and endpoints from the environment the CDK app set. */
  public ApiHandler() {
    this(
        AwsClientFactory.fromEnvironment(),
        AdstreamConfig.fromEnvironment(System.getenv()),
        Clock.systemUTC());
  }

  public ApiHandler(AwsClientFactory aws, AdstreamConfig config, Clock clock) {
    DynamoDbClient dynamo = aws.dynamoDb();
    CapacityMeter meter = new CapacityMeter();
    this.api =
        ServingApi.builder()
            .aggregates(new DynamoAggregateReader(dynamo, config, meter))
            .alerts(new DynamoAlertFeed(dynamo, config, clock))
            .features(
                DynamoFeatureReader.of(
                    dynamo,
                    new DeviceStateMapping(config),
                    new UserStateMapping(config),
                    UserState::activity,
                    meter))
            .campaigns(new DynamoCampaignDirectory(dynamo, config))
            .clock(clock)
            .settledAfter(config.windows().allowedLateness())
            .build();
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    Map<String, String> headers = event.getHeaders() == null ? Map.of() : event.getHeaders();
    ApiRequest request =
        new ApiRequest(
            event.getRequestContext().getHttp().getMethod(),
            event.getRawPath(),
            event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters(),
            // API Gateway lower-cases header names in payload format 2.0
            Optional.ofNullable(headers.get("if-none-match")));
    ApiResponse response;
    try {
      response = api.handle(request);
    } catch (RuntimeException e) {
      LOG.error("{} {} failed", request.method(), event.getRawPath(), e);
      response =
          new ApiResponse(
              503,
              Map.of(
                  "Content-Type",
                  "application/json",
                  "Cache-Control",
                  "no-store",
                  "Retry-After",
                  "1"),
              "{\"error\":\"unavailable\",\"message\":\"the state could not be read; retry\"}");
    }
    Map<String, String> out = new HashMap<>(response.headers());
    out.put("X-Content-Type-Options", "nosniff");
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(response.status())
        .withHeaders(out)
        .withBody(response.body())
        .withIsBase64Encoded(false)
        .build();
  }
}
