package io.adstream.validation;

import java.util.Currency;
import java.util.Locale;

/**
 * ISO 4217 currency codes and ISO 3166-1 alpha-2 country codes as the JDK knows them, precomputed
 * into lookup tables: checking a code is a bounds check and an array read.
 */
public final class IsoCodes {
  private static final int LETTERS = 26;
  private static final boolean[] CURRENCIES = new boolean[LETTERS * LETTERS * LETTERS];
  private static final boolean[] COUNTRIES = new boolean[LETTERS * LETTERS];

  static {
    for (Currency currency : Currency.getAvailableCurrencies()) {
      String code = currency.getCurrencyCode();
      // XXX is "no currency" and XTS is reserved for testing: neither can price an ad
      if (!code.equals("XXX") && !code.equals("XTS")) {
        int index = index(code, 3);
        if (index >= 0) {
          CURRENCIES[index] = true;
        }
      }
    }
    for (String code : Locale.getISOCountries()) {
      COUNTRIES[index(code, 2)] = true;
    }
  }

  private IsoCodes() {}

  public static boolean isCurrency(String code) {
    int index = index(code, 3);
    return index >= 0 && CURRENCIES[index];
  }

  public static boolean isCountry(String code) {
    int index = index(code, 2);
    return index >= 0 && COUNTRIES[index];
  }

  /**
   * Whether the text is {@code length} ASCII uppercase letters: such a text is safe to quote in a
   * reason.
   */
  public static boolean isUppercaseCode(String text, int length) {
    return index(text, length) >= 0;
  }

  private static int index(String code, int length) {
    if (code.length() != length) {
      return -1;
    }
    int index = 0;
    for (int i = 0; i < length; i++) {
      char c = code.charAt(i);
      if (c < 'A' || c > 'Z') {
        return -1;
      }
      index = index * LETTERS + (c - 'A');
    }
    return index;
  }
}
