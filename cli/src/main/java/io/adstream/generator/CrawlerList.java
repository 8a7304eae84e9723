package io.adstream.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The published crawler list (npm package {@code crawler-user-agents}) that the shared jar carries
 * as {@value #RESOURCE}: its patterns decide whether a user agent is a bot, its example instances
 * are the user agents the generator's bots send.
 */
public final class CrawlerList {
  public static final String RESOURCE = "/io/adstream/alerts/crawler-user-agents.json";

  private final List<Pattern> patterns;
  private final List<String> instances;
  private final Map<String, Boolean> verdicts = new ConcurrentHashMap<>();

  private CrawlerList(List<Pattern> patterns, List<String> instances) {
    this.patterns = List.copyOf(patterns);
    this.instances = List.copyOf(instances);
  }

  /** The list from the classpath. */
  public static CrawlerList load() {
    try (InputStream in = CrawlerList.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            RESOURCE + " is not on the classpath (it is built into adstream-shared)");
      }
      return parse(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  static CrawlerList parse(JsonNode entries) {
    List<Pattern> patterns = new ArrayList<>();
    List<String> instances = new ArrayList<>();
    for (JsonNode entry : entries) {
      // the list's patterns are case-sensitive regular expressions that may match anywhere
      Pattern pattern = Pattern.compile(entry.path("pattern").asText());
      patterns.add(pattern);
      // an example the entry's own pattern misses would be a bot the rule cannot see: not one to
      // send
      entry
          .path("instances")
          .forEach(
              instance -> {
                if (pattern.matcher(instance.asText()).find()) {
                  instances.add(instance.asText());
                }
              });
    }
    return new CrawlerList(patterns, instances);
  }

  /** Whether any pattern of the list occurs in the user agent. */
  public boolean matches(String userAgent) {
    return verdicts.computeIfAbsent(
        userAgent, ua -> patterns.stream().anyMatch(p -> p.matcher(ua).find()));
  }

  /** Real crawler user agents, in the list's order. */
  public List<String> instances() {
    return instances;
  }
}
