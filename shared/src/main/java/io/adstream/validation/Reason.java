package io.adstream.validation;

import java.util.Objects;
import java.util.Optional;

/**
 * Why a record was not accepted: a machine-readable {@link #code()} and a detail for humans.
 *
 * <p>Details never quote input values that could carry personal data: they name the field and the
 * rule, and quote a value only when it is a short code such as a currency. They land in S3 beside
 * the record.
 *
 * @param field the offending field for per-field kinds, empty otherwise
 */
public record Reason(ReasonCode kind, Optional<String> field, String detail) {

  public Reason {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(detail, "detail");
    if (kind.perField() != field.isPresent()) {
      throw new IllegalArgumentException(
          kind.wireName() + (kind.perField() ? " needs a field name" : " takes no field name"));
    }
  }

  /**
   * The code as landed and counted: the kind's wire name, then {@code :field} for per-field kinds.
   */
  public String code() {
    return field.map(f -> kind.wireName() + ":" + f).orElse(kind.wireName());
  }

  /** The kind's wire name of a landed code: {@code missing_field} for {@code missing_field:ip}. */
  public static String kindOf(String code) {
    int colon = code.indexOf(':');
    return colon < 0 ? code : code.substring(0, colon);
  }

  public static Reason of(ReasonCode kind, String detail) {
    return new Reason(kind, Optional.empty(), detail);
  }

  public static Reason of(ReasonCode kind, String field, String detail) {
    return new Reason(kind, Optional.of(field), detail);
  }

  /**
   * Rebuilds a reason from its landed code, for tools that read quarantine records back.
   *
   * @throws IllegalArgumentException if the code is not one this version produces
   */
  public static Reason parse(String code, String detail) {
    int colon = code.indexOf(':');
    String kindName = kindOf(code);
    for (ReasonCode kind : ReasonCode.values()) {
      if (kind.wireName().equals(kindName)) {
        return colon < 0 ? of(kind, detail) : of(kind, code.substring(colon + 1), detail);
      }
    }
    throw new IllegalArgumentException("unknown reason code: " + code);
  }
}
