package io.adstream.alerts;

/** Tells crawler and bot user agents from people's. */
@FunctionalInterface
public interface UserAgentClassifier {
  boolean isBot(String userAgent);
}
