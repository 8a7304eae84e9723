package io.adstream.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.util.Set;

/**
 * The JSON Schemas of the events module, loaded from the classpath and validated with networknt.
 */
public final class EventSchemas {
  public static final String BASE_URI = "https://adstream.example/schemas/events/v1/";

  /**
   * Reads JSON as strictly as the codec: a duplicated name makes a document unreadable, where a
   * tree parser would silently keep the last value.
   */
  private static final ObjectMapper STRICT_JSON =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(
          SpecVersion.VersionFlag.V202012,
          builder ->
              builder.schemaMappers(
                  m -> m.mapPrefix(BASE_URI, "classpath:io/adstream/events/schemas/")));

  private EventSchemas() {}

  /** The schema of a file in events/schemas, e.g. {@code event.schema.json}. */
  public static JsonSchema schema(String file) {
    JsonSchema schema = FACTORY.getSchema(SchemaLocation.of(BASE_URI + file));
    schema.initializeValidators();
    return schema;
  }

  public static JsonNode parse(byte[] json) throws IOException {
    try (JsonParser parser = STRICT_JSON.createParser(json)) {
      JsonNode node = STRICT_JSON.readTree(parser);
      if (parser.nextToken() != null) {
        throw new IOException("content follows the JSON value");
      }
      return node;
    }
  }

  /**
   * The schema's findings, or a single pseudo-finding when the bytes are not one readable JSON
   * value.
   */
  public static Set<String> problems(JsonSchema schema, byte[] json) {
    JsonNode node;
    try {
      node = parse(json);
    } catch (IOException | RuntimeException e) {
      return Set.of("unreadable JSON: " + e.getClass().getSimpleName());
    }
    if (node == null) {
      return Set.of("unreadable JSON: empty");
    }
    Set<ValidationMessage> messages = schema.validate(node);
    return messages.stream()
        .map(ValidationMessage::getMessage)
        .collect(java.util.stream.Collectors.toSet());
  }
}
