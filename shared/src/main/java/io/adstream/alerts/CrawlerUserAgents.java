package io.adstream.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Bot and crawler user agents by the published crawler-user-agents list (npm, pinned in
 * shared/npm), which the build packs into this jar. Real traffic repeats a small set of user
 * agents, so verdicts are cached.
 */
public final class CrawlerUserAgents implements UserAgentClassifier {
  static final String RESOURCE = "/io/adstream/alerts/crawler-user-agents.json";
  private static final int CACHE_SIZE = 4_096;

  private final List<Pattern> patterns;
  private final Map<String, Boolean> verdicts =
      new LinkedHashMap<>(CACHE_SIZE, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return super.size() > CACHE_SIZE;
        }
      };

  private CrawlerUserAgents(List<Pattern> patterns) {
    this.patterns = List.copyOf(patterns);
  }

  public static CrawlerUserAgents load() {
    try (InputStream in = CrawlerUserAgents.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "the crawler list "
                + RESOURCE
                + " is missing from the classpath: build the shared module with ./mvnw");
      }
      List<Pattern> patterns = new ArrayList<>();
      for (JsonNode entry : new ObjectMapper().readTree(in)) {
        patterns.add(Pattern.compile(entry.get("pattern").asText()));
      }
      return new CrawlerUserAgents(patterns);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the crawler list " + RESOURCE, e);
    }
  }

  public int size() {
    return patterns.size();
  }

  @Override
  public boolean isBot(String userAgent) {
    synchronized (verdicts) { // the cache is the only mutable state; callers cannot lock it
      return verdicts.computeIfAbsent(
          userAgent, ua -> patterns.stream().anyMatch(p -> p.matcher(ua).find()));
    }
  }
}
