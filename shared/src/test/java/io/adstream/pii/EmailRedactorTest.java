package io.adstream.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailRedactorTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          plain                 | contact jane.doe@example.com today        | contact [REDACTED:EMAIL] today
          in a user agent       | Mozilla/5.0 (x; jane+ads@mail.example.co.uk) | Mozilla/5.0 (x; [REDACTED:EMAIL])
          glued to text         | name:JANE@EXAMPLE.COM;                    | name:[REDACTED:EMAIL];
          fullwidth at          | jane＠example.com                          | [REDACTED:EMAIL]
          internationalized     | josé@exämple.de                           | [REDACTED:EMAIL]
          two                   | a@b.io, c@d.io                            | [REDACTED:EMAIL], [REDACTED:EMAIL]
          """)
  void redactsEmailAddresses(String what, String text, String redacted) {
    assertThat(EmailRedactor.redact(text)).isEqualTo(redacted);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Winter sale EU",
        "@handle",
        "user@localhost",
        "price @ 5.00",
        "a @ b.c",
        "x@",
        "@example.com"
      })
  void leavesTextWithoutAnAddressAlone(String text) {
    assertThat(EmailRedactor.redact(text)).isSameAs(text);
  }
}
