package io.adstream.pii;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A fixed set of secret versions, the highest one current: the provider for the environment, a key
 * file and tests. Error messages name variables, files and line numbers, never key material.
 */
public final class KeyRing implements PiiKeyProvider {
  public static final String KEY_VARIABLE = "ADSTREAM_PII_KEY";
  public static final String VERSION_VARIABLE = "ADSTREAM_PII_KEY_VERSION";

  private final TreeMap<Integer, VersionedSecret> versions = new TreeMap<>();

  private KeyRing(Collection<VersionedSecret> secrets) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("a key ring needs at least one secret version");
    }
    for (VersionedSecret secret : secrets) {
      if (versions.put(secret.version(), secret) != null) {
        throw new IllegalArgumentException(
            "PII key version " + secret.version() + " is given twice");
      }
    }
  }

  public static KeyRing of(VersionedSecret... secrets) {
    return new KeyRing(List.of(secrets));
  }

  /**
   * The secret in {@value #KEY_VARIABLE} (base64) with its version in {@value #VERSION_VARIABLE}.
   *
   * @throws IllegalStateException if either is missing or malformed
   */
  public static KeyRing fromEnvironment(Map<String, String> environment) {
    String key = environment.get(KEY_VARIABLE);
    String version = environment.get(VERSION_VARIABLE);
    if (key == null || key.isBlank()) {
      throw new IllegalStateException(
          KEY_VARIABLE + " is not set: it must hold the base64 PII secret");
    }
    if (version == null || version.isBlank()) {
      throw new IllegalStateException(
          VERSION_VARIABLE + " is not set: it must name the version of " + KEY_VARIABLE);
    }
    try {
      return of(new VersionedSecret(parseVersion(version.strip()), decode(key.strip())));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          KEY_VARIABLE + "/" + VERSION_VARIABLE + ": " + e.getMessage(), e);
    }
  }

  /**
   * A key file: one {@code <version>=<base64 secret>} per line; blank lines and lines starting with
   * {@code #} are ignored. Keeping older versions lets records sealed before a rotation be opened.
   *
   * @throws IllegalStateException if the file cannot be read or a line is malformed
   */
  public static KeyRing fromFile(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the PII key file " + file, e);
    }
    TreeMap<Integer, VersionedSecret> secrets = new TreeMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = file + " line " + (i + 1);
      int equals = line.indexOf('=');
      if (equals < 0) {
        throw new IllegalStateException(where + ": expected <version>=<base64 secret>");
      }
      try {
        VersionedSecret secret =
            new VersionedSecret(
                parseVersion(line.substring(0, equals).strip()),
                decode(line.substring(equals + 1).strip()));
        if (secrets.put(secret.version(), secret) != null) {
          throw new IllegalStateException(
              where + ": version " + secret.version() + " appears twice");
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(where + ": " + e.getMessage(), e);
      }
    }
    if (secrets.isEmpty()) {
      throw new IllegalStateException(file + " holds no PII key");
    }
    return new KeyRing(secrets.values());
  }

  /**
   * The secret document kept in Secrets Manager: {@code {"version": 2, "key": "<base64>",
   * "previous": {"1": "<base64>"}}}. The version may be a number or a string (the CDK app's
   * generated template writes {@code "1"}); {@code previous} keeps older versions so that records
   * sealed before a rotation open.
   *
   * @param source names the secret in errors, which never quote key material
   */
  public static KeyRing fromSecretDocument(String json, String source) {
    com.fasterxml.jackson.databind.JsonNode document;
    try {
      document = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(source + ": the PII secret is not a JSON document");
    }
    if (document == null
        || !document.isObject()
        || !document.hasNonNull("version")
        || !document.hasNonNull("key")) {
      throw new IllegalStateException(
          source + ": the PII secret must be {\"version\": <n>, \"key\": \"<base64>\"}");
    }
    List<VersionedSecret> secrets = new java.util.ArrayList<>();
    try {
      secrets.add(
          new VersionedSecret(
              parseVersion(document.get("version").asText().strip()),
              decode(document.get("key").asText())));
      var previous = document.path("previous").fields();
      while (previous.hasNext()) {
        var entry = previous.next();
        secrets.add(
            new VersionedSecret(parseVersion(entry.getKey()), decode(entry.getValue().asText())));
      }
      KeyRing ring = new KeyRing(secrets);
      if (ring.current().version() != secrets.get(0).version()) {
        throw new IllegalArgumentException("a previous version is newer than the current one");
      }
      return ring;
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(source + ": " + e.getMessage(), e);
    }
  }

  @Override
  public VersionedSecret current() {
    return versions.lastEntry().getValue();
  }

  @Override
  public Optional<VersionedSecret> version(int version) {
    return Optional.ofNullable(versions.get(version));
  }

  private static int parseVersion(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("the key version must be a positive integer", e);
    }
  }

  private static byte[] decode(String base64) {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      // the decoder's message quotes the offending character, a piece of the secret: leave it out
      throw new IllegalArgumentException("the secret is not valid base64");
    }
  }
}
