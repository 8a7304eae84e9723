package io.adstream.local.emulator;

import java.util.Locale;
import java.util.Optional;

/**
 * The open-source AWS emulators the project embeds. Each serves every service adstream uses from
 * one Python process on one loopback port, installed into its own venv from the hash-pinned
 * requirements under {@code emulator/<name>/}. docs/emulators.md compares them.
 */
public enum Emulator {
  /**
   * The default: faithful DynamoDB (conditions, transactions, size-based consumed capacity) and
   * fast.
   */
  MINISTACK("ministack", "/_ministack/health", "MINISTACK_ACCOUNT_ID"),
  /** The cross-check: independent of MiniStack, slower DynamoDB, placeholder consumed capacity. */
  MOTO("moto", "/moto-api/", "MOTO_ACCOUNT_ID");

  /** Chooses the embedded emulator: {@code ministack} or {@code moto}. */
  public static final String VARIABLE = "ADSTREAM_EMULATOR";

  private final String id;
  private final String healthPath;
  private final String accountVariable;

  Emulator(String id, String healthPath, String accountVariable) {
    this.id = id;
    this.healthPath = healthPath;
    this.accountVariable = accountVariable;
  }

  /** The name used on the command line, in folders and in {@value #VARIABLE}. */
  public String id() {
    return id;
  }

  String healthPath() {
    return healthPath;
  }

  String accountVariable() {
    return accountVariable;
  }

  /** The emulator a value of {@value #VARIABLE} names; empty for an absent or blank value. */
  public static Optional<Emulator> named(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String wanted = value.strip().toLowerCase(Locale.ROOT);
    for (Emulator emulator : values()) {
      if (emulator.id.equals(wanted)) {
        return Optional.of(emulator);
      }
    }
    throw new IllegalArgumentException(
        VARIABLE + "=" + value + " names no embedded emulator (ministack or moto)");
  }
}
