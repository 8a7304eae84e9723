package io.adstream.state.aws;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The size of a DynamoDB item by the rules of the DynamoDB Developer Guide ("Item sizes and
 * formats", "Data types"): the UTF-8 length of each attribute name plus the size of its value.
 *
 * <ul>
 *   <li>String: its UTF-8 length. Binary: its length. Null and Boolean: 1 byte.
 *   <li>Number: 1 byte per pair of digits aligned on the decimal point, plus 1 byte (leading and
 *       trailing zeros trimmed); see {@link #number}.
 *   <li>List and Map: 3 bytes, plus 1 byte per element, plus the elements (a map's names included).
 *   <li>Sets: the sum of their elements.
 * </ul>
 */
public final class ItemSize {
  static final int CONTAINER_OVERHEAD = 3;
  static final int PER_ELEMENT = 1;

  /** The most bytes a number takes: 38 digits and a sign. */
  public static final int MAX_NUMBER_BYTES = 21;

  private ItemSize() {}

  /** Bytes of a whole item (every attribute name and value). */
  public static int of(Map<String, AttributeValue> item) {
    int size = 0;
    for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
      size += utf8(attribute.getKey()) + of(attribute.getValue());
    }
    return size;
  }

  /** Bytes of one attribute value, without its name. */
  public static int of(AttributeValue value) {
    return switch (value.type()) {
      case S -> utf8(value.s());
      case N -> number(value.n());
      case B -> value.b().asByteArray().length;
      case BOOL, NUL -> 1;
      case SS -> value.ss().stream().mapToInt(ItemSize::utf8).sum();
      case NS -> value.ns().stream().mapToInt(ItemSize::number).sum();
      case BS -> value.bs().stream().mapToInt(b -> b.asByteArray().length).sum();
      case L -> CONTAINER_OVERHEAD + value.l().stream().mapToInt(e -> PER_ELEMENT + of(e)).sum();
      case M ->
          CONTAINER_OVERHEAD
              + value.m().entrySet().stream()
                  .mapToInt(e -> PER_ELEMENT + utf8(e.getKey()) + of(e.getValue()))
                  .sum();
      case UNKNOWN_TO_SDK_VERSION ->
          throw new IllegalArgumentException("attribute value of unknown type: " + value);
    };
  }

  /**
   * A number's size as DynamoDB bills it: its digits in base-100 pairs aligned on the decimal point
   * (leading and trailing zero pairs dropped), plus one byte, plus one more when negative, at most
   * 21; zero is one byte. The Developer Guide's "one byte per two significant digits" is the
   * approximation of this; the difference (zero, and an odd run of trailing zeros) decides whether
   * an aggregates item full of zero measures crosses a write-unit boundary.
   */
  static int number(String n) {
    int plain = plainInteger(n);
    if (plain > 0) {
      return plain;
    }
    BigDecimal value = new BigDecimal(n.strip());
    if (value.signum() == 0) {
      return 1;
    }
    BigDecimal magnitude = value.abs().stripTrailingZeros();
    int digits = magnitude.unscaledValue().toString().length();
    if (Math.floorMod(magnitude.scale(), 2) != 0) {
      digits++; // the last digit shares its pair with a zero (…0 or .…0)
    }
    int size = (digits + 1) / 2 + 1 + (value.signum() < 0 ? 1 : 0);
    return Math.min(size, MAX_NUMBER_BYTES);
  }

  /**
   * {@link #number}'s size of an integer written plainly (an optional minus, then digits without
   * leading zeros), as aggregates' measures are, without parsing it; 0 for any other form.
   */
  private static int plainInteger(String n) {
    int start = n.startsWith("-") ? 1 : 0;
    int length = n.length();
    if (length == start || length - start > 38 || n.charAt(start) == '0') {
      return 0;
    }
    int trailingZeros = 0;
    for (int i = start; i < length; i++) {
      char c = n.charAt(i);
      if (c < '0' || c > '9') {
        return 0;
      }
      trailingZeros = c == '0' ? trailingZeros + 1 : 0;
    }
    int digits = length - start - trailingZeros + (trailingZeros % 2);
    return Math.min((digits + 1) / 2 + 1 + start, MAX_NUMBER_BYTES);
  }

  private static int utf8(String text) {
    int length = text.length();
    for (int i = 0; i < length; i++) {
      if (text.charAt(i) >= 0x80) {
        return text.getBytes(StandardCharsets.UTF_8).length;
      }
    }
    return length;
  }

  static int bytes(SdkBytes bytes) {
    return bytes.asByteArray().length;
  }
}
