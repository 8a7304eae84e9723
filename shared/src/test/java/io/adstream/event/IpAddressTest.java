package io.adstream.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          203.0.113.17                            | 203.0.113.17                  | 203.0.113.0/24
          0.0.0.0                                 | 0.0.0.0                       | 0.0.0.0/24
          255.255.255.255                         | 255.255.255.255               | 255.255.255.0/24
          ::ffff:198.51.100.23                    | 198.51.100.23                 | 198.51.100.0/24
          ::FFFF:c633:6417                        | 198.51.100.23                 | 198.51.100.0/24
          0:0:0:0:0:ffff:203.0.113.9              | 203.0.113.9                   | 203.0.113.0/24
          2001:db8:85a3::8a2e:370:7334            | 2001:db8:85a3::8a2e:370:7334  | 2001:db8:85a3::/48
          2001:0DB8:85A3:0000:0000:8A2E:0370:7334 | 2001:db8:85a3::8a2e:370:7334  | 2001:db8:85a3::/48
          2001:db8::                              | 2001:db8::                    | 2001:db8::/48
          2001:db8::1                             | 2001:db8::1                   | 2001:db8::/48
          ::                                      | ::                            | ::/48
          ::1                                     | ::1                           | ::/48
          1::                                     | 1::                           | 1::/48
          2001:db8:0:0:1:0:0:1                    | 2001:db8::1:0:0:1             | 2001:db8::/48
          2001:0:0:1:0:0:0:1                      | 2001:0:0:1::1                 | 2001::/48
          2001:db8:0:1:1:1:1:1                    | 2001:db8:0:1:1:1:1:1          | 2001:db8::/48
          2001:db8:abcd:12:ffff:ffff:ffff:ffff    | 2001:db8:abcd:12:ffff:ffff:ffff:ffff | 2001:db8:abcd::/48
          ::203.0.113.9                           | ::cb00:7109                   | ::/48
          64:ff9b::192.0.2.33                     | 64:ff9b::c000:221             | 64:ff9b::/48
          1:2:3:4:5:6:7::                         | 1:2:3:4:5:6:7:0               | 1:2:3::/48
          """)
  void canonicalFormAndNetworkPrefix(String text, String canonical, String prefix) {
    IpAddress address = IpAddress.parse(text).orElseThrow();

    assertThat(address.canonical()).isEqualTo(canonical);
    assertThat(address.networkPrefix()).isEqualTo(prefix);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.04", "256.0.0.1", "1.2.3.-4", " 1.2.3.4",
            "1.2.3.4 ", "1.2.3.4/24",
        "1:2:3:4:5:6:7:8:9", "1::2::3", ":1::", "1:", ":1", "1:::2", "12345::", "g::1",
            "fe80::1%eth0", "[::1]",
        "::ffff:1.2.3", "1.2.3.4::", "1:2:3:4:5:6:7:1.2.3.4", "example.com", "localhost",
            "jane.doe@example.com"
      })
  void rejectsWhatIsNotAnAddress(String text) {
    assertThat(IpAddress.parse(text)).isEmpty();
  }

  @Test
  void canonicalFormAgreesWithTheJdkOnRandomAddresses() throws UnknownHostException {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 2_000; i++) {
      byte[] raw = new byte[16];
      random.nextBytes(raw);
      // runs of zero groups, so that compression is exercised
      for (int g = 0; g < 8; g++) {
        if (random.nextInt(3) == 0) {
          raw[2 * g] = 0;
          raw[2 * g + 1] = 0;
        }
      }
      String jdkText =
          InetAddress.getByAddress(raw).getHostAddress(); // full form, e.g. 2001:db8:0:0:0:0:0:1
      IpAddress address =
          IpAddress.parse(jdkText)
              .orElseThrow(() -> new AssertionError("seed " + seed + ": " + jdkText));

      assertThat(InetAddress.getByName(address.canonical()).getAddress())
          .as("seed %d: %s", seed, jdkText)
          .isEqualTo(InetAddress.getByName(jdkText).getAddress());
      assertThat(IpAddress.parse(address.canonical())).as("seed %d", seed).contains(address);
    }
  }
}
