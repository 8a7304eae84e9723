package io.adstream.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PanRedactorTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          Visa                  | paid with 4111111111111111 today          | paid with [REDACTED:PAN] today
          Visa, spaces          | card: 4012 8888 8888 1881.                | card: [REDACTED:PAN].
          Visa, 13 digits       | old card 4222222222222                    | old card [REDACTED:PAN]
          Visa, 19 digits       | 4111111111111111003                       | [REDACTED:PAN]
          Mastercard, dashes    | 5555-5555-5555-4444                       | [REDACTED:PAN]
          Mastercard 2-series   | mc=2223003122003222&x=1                   | mc=[REDACTED:PAN]&x=1
          Amex, 4-6-5 groups    | amex 3782 822463 10005 ok                 | amex [REDACTED:PAN] ok
          Discover              | 6011 1111 1111 1117                       | [REDACTED:PAN]
          Diners, 14 digits     | 3056 9309 0259 04                         | [REDACTED:PAN]
          JCB                   | jcb: 3530111333300000                     | jcb: [REDACTED:PAN]
          UnionPay              | 6200000000000005                          | [REDACTED:PAN]
          Maestro               | 6759-6498-2643-8453                       | [REDACTED:PAN]
          Mir                   | 2200 0000 0000 0004                       | [REDACTED:PAN]
          followed by expiry    | 4111 1111 1111 1111 2027                  | [REDACTED:PAN] 2027
          preceded by a number  | qty 12 4111 1111 1111 1111                | qty 12 [REDACTED:PAN]
          two cards             | 4111111111111111 or 5105105105105100      | [REDACTED:PAN] or [REDACTED:PAN]
          dots                  | 4111.1111.1111.1111                       | [REDACTED:PAN]
          slashes               | 4111/1111/1111/1111                       | [REDACTED:PAN]
          underscores           | 4111_1111_1111_1111                       | [REDACTED:PAN]
          NBSP                  | 4111 1111 1111 1111        | [REDACTED:PAN]
          en dashes             | 4111–1111–1111–1111        | [REDACTED:PAN]
          zero-width spaces     | 4​111​1111​1111​1111  | [REDACTED:PAN]
          zero-width separated  | 4111 ​1111 1111 1111                 | [REDACTED:PAN]
          fullwidth digits      | ｶｰﾄﾞ ４１１１１１１１１１１１１１１１      | ｶｰﾄﾞ [REDACTED:PAN]
          Arabic-Indic digits   | ٤١١١١١١١١١١١١١١١ | [REDACTED:PAN]
          glued to letters      | sku4111111111111111x                      | sku[REDACTED:PAN]x
          glued, Mastercard     | card5555555555554444                      | card[REDACTED:PAN]
          Maestro, 12 digits    | 6759 0000 0018                            | [REDACTED:PAN]
          Maestro, 12 unbroken  | m=675900000026;                           | m=[REDACTED:PAN];
          """)
  void redactsCardNumbersInFreeText(String brand, String text, String redacted) {
    assertThat(PanRedactor.redact(text)).isEqualTo(redacted);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ORD-20261124-000913",
        "1795516530456", // epoch milliseconds
        "1795516530456789", // epoch microseconds
        "2026-11-24T10:15:30.123Z",
        "2026-11-24 10:15:30",
        "+1 415-555-0100",
        "+44 20 7946 0958",
        "0049 30 90182000",
        "490154203237518", // an IMEI: passes Luhn, 15 digits from 49 is no Visa length
        "356938035643809", // an IMEI in the JCB range, but 15 digits
        "1234567812345670", // passes Luhn, no brand starts with 1
        "9999999999999995", // passes Luhn, no brand starts with 9
        "8888-8888-8888-8888", // passes Luhn, no brand starts with 8
        "978-0-306-40615-7", // an ISBN-13
        "4006381333931", // an EAN-13 starting with 4: fails Luhn
        "4111 1111 1111 1112", // card-shaped, fails Luhn
        "DE89 3704 0044 0532 0130 00", // an IBAN
        "49590338271490256608559692538361571095921575989136588898", // a Kinesis sequence number
        "123e4567-e89b-12d3-a456-426614174000",
        "8b1f5848-6dc5-40b9-a2a4-026147630082", // a UUID holding a Luhn-valid, Visa-prefixed 13
        // digits: 4-026147630082
        "16a002b4-5a41-4761-9010-992017ed2280",
        "d3cb6908-370d-4026-9452-45422bf54339", // 4026-9452-45422 is Luhn-valid Visa 13, but cut by
        // a letter
        "4111-111111111111", // Luhn-valid Visa digits, but no card is printed 4-12
        "4-111111111111111",
        "41111111111111111111111", // 23 digits: a card inside an unbroken longer number is not a
        // card
        "4111  1111  1111  1111", // double spaces: not one number
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0.0.0 Safari/537.36",
        "203.0.113.17"
      })
  void leavesOrdinaryNumbersAlone(String text) {
    assertThat(PanRedactor.redact(text)).isSameAs(text);
  }

  /**
   * The quick pass that lets most text skip the search never skips a card: on random text made of
   * digits (some of them card numbers), separators, letters and invisible characters, redacting
   * with it gives what the search alone gives.
   */
  @Test
  void theQuickPassSkipsOnlyTextWithoutCards() {
    String[] pieces = {
      "0", "1", "4", "9", "12", "345", "4111", "55555", "411111", "0000000", "4111111111111111",
          "5555555555554444",
      "378282246310005", "6759649826438453", "675900000026", "４", "٤", " ", "-", ".", "/", "_",
          "\u00A0", "\u2013",
      "\u200B", "a", "x", "@", "--", "  "
    };
    SplittableRandom random = new SplittableRandom(7);
    int cards = 0;
    for (int i = 0; i < 200_000; i++) {
      StringBuilder text = new StringBuilder();
      for (int p = random.nextInt(1, 12); p > 0; p--) {
        text.append(pieces[random.nextInt(pieces.length)]);
      }
      String searched = PanRedactor.redactRuns(text.toString());
      assertThat(PanRedactor.redact(text.toString())).as(text.toString()).isEqualTo(searched);
      cards += searched.equals(text.toString()) ? 0 : 1;
    }
    assertThat(cards).as("texts holding a card").isGreaterThan(10_000);
  }
}
