package io.adstream.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRingTest {
  private static final String KEY_A =
      Base64.getEncoder().encodeToString("a-secret-of-thirty-two-bytes-!!!".getBytes());
  private static final String KEY_B =
      Base64.getEncoder().encodeToString("another-secret-thirty-two-bytes!".getBytes());

  @Test
  void readsTheSecretAndItsVersionFromTheEnvironment() {
    KeyRing ring =
        KeyRing.fromEnvironment(Map.of("ADSTREAM_PII_KEY", KEY_A, "ADSTREAM_PII_KEY_VERSION", "4"));

    assertThat(ring.current().version()).isEqualTo(4);
    assertThat(ring.version(4)).contains(ring.current());
    assertThat(ring.version(3)).isEmpty();
  }

  @Test
  void environmentErrorsNameTheVariableAndNeverTheKey() {
    assertThatThrownBy(() -> KeyRing.fromEnvironment(Map.of("ADSTREAM_PII_KEY_VERSION", "1")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ADSTREAM_PII_KEY is not set");
    assertThatThrownBy(() -> KeyRing.fromEnvironment(Map.of("ADSTREAM_PII_KEY", KEY_A)))
        .hasMessageContaining("ADSTREAM_PII_KEY_VERSION is not set");
    assertThatThrownBy(
            () ->
                KeyRing.fromEnvironment(
                    Map.of(
                        "ADSTREAM_PII_KEY", "not*base64" + KEY_A, "ADSTREAM_PII_KEY_VERSION", "1")))
        .hasMessageContaining("not valid base64")
        .hasMessageNotContaining(KEY_A);
    assertThatThrownBy(
            () ->
                KeyRing.fromEnvironment(
                    Map.of("ADSTREAM_PII_KEY", "c2hvcnQ=", "ADSTREAM_PII_KEY_VERSION", "1")))
        .hasMessageContaining("at least 32 are required");
    assertThatThrownBy(
            () ->
                KeyRing.fromEnvironment(
                    Map.of("ADSTREAM_PII_KEY", KEY_A, "ADSTREAM_PII_KEY_VERSION", "v1")))
        .hasMessageContaining("positive integer");
  }

  @Test
  void aKeyFileHoldsSeveralVersionsTheHighestCurrent(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("pii.keys");
    Files.writeString(file, "# rotated 2026-11-01\n1=" + KEY_A + "\n\n2 = " + KEY_B + "\n");

    KeyRing ring = KeyRing.fromFile(file);

    assertThat(ring.current().version()).isEqualTo(2);
    assertThat(ring.version(1)).isPresent();
  }

  @Test
  void keyFileErrorsNameTheLineAndNeverTheKey(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("pii.keys");
    Files.writeString(file, "1=" + KEY_A + "\n" + KEY_B + "\n");

    assertThatThrownBy(() -> KeyRing.fromFile(file))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("line 2")
        .hasMessageNotContaining(KEY_B);
    Files.writeString(file, "1=" + KEY_A + "\n1=" + KEY_B + "\n");
    assertThatThrownBy(() -> KeyRing.fromFile(file))
        .hasMessageContaining("version 1 appears twice");
    Files.writeString(file, "# nothing yet\n");
    assertThatThrownBy(() -> KeyRing.fromFile(file)).hasMessageContaining("holds no PII key");
  }

  @Test
  void aSecretNeverPrintsItself() {
    VersionedSecret secret =
        KeyRing.fromEnvironment(Map.of("ADSTREAM_PII_KEY", KEY_A, "ADSTREAM_PII_KEY_VERSION", "1"))
            .current();

    assertThat(secret.toString()).isEqualTo("VersionedSecret[version=1]");
  }
}
