package io.adstream.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Reading resources out of a synthesized template. */
final class Resources {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Resources() {}

  /** The logical id of the one resource of a type whose properties match. */
  static String logicalId(Template template, String type, Map<String, ?> properties) {
    Map<String, Map<String, Object>> found =
        template.findResources(type, Map.of("Properties", Match.objectLike(properties)));
    assertThat(found).as("%s with %s", type, properties).hasSize(1);
    return found.keySet().iterator().next();
  }

  /** The properties of the one resource of a type whose properties match. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> properties(Template template, String type, Map<String, ?> properties) {
    Map<String, Object> resource = resources(template).get(logicalId(template, type, properties));
    return (Map<String, Object>) resource.get("Properties");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Map<String, Object>> resources(Template template) {
    return (Map<String, Map<String, Object>>) template.toJSON().get("Resources");
  }

  /** All resources of a type, by logical id. */
  static Map<String, Map<String, Object>> ofType(Template template, String type) {
    return template.findResources(type);
  }

  static Map<String, Object> ref(String logicalId) {
    return Map.of("Ref", logicalId);
  }

  static Map<String, Object> arnOf(String logicalId) {
    return Map.of("Fn::GetAtt", List.of(logicalId, "Arn"));
  }

  /** A template fragment as JSON text, to find the references an intrinsic function builds from. */
  static String json(Object fragment) {
    try {
      return JSON.writeValueAsString(fragment);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
