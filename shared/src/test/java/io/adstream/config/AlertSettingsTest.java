package io.adstream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AlertSettingsTest {

  @Test
  void theBotAlertWindowIsAnHourUnlessOverridden() {
    AdstreamConfig config =
        AdstreamConfig.withOverrides("{\"alerts\": {\"botTraffic\": {\"window\": \"PT15M\"}}}");

    assertThat(AdstreamConfig.defaults().alerts().botTraffic().window())
        .isEqualTo(Duration.ofHours(1));
    assertThat(config.alerts().botTraffic().window()).isEqualTo(Duration.ofMinutes(15));
    assertThat(config.alerts().botTraffic().severity())
        .isEqualTo(AlertSettings.defaults().botTraffic().severity());
    assertThat(AdstreamConfig.withOverrides(config.toJson())).isEqualTo(config);
  }

  @Test
  void aBotAlertWindowThatIsNotAWholeDivisorOfADayIsRejected() {
    for (String window : new String[] {"PT0S", "-PT1H", "PT30S", "PT7M", "PT1H0.5S", "P2D"}) {
      assertThatThrownBy(
              () ->
                  AdstreamConfig.withOverrides(
                      "{\"alerts\": {\"botTraffic\": {\"window\": \"" + window + "\"}}}"))
          .as(window)
          .isInstanceOf(AdstreamConfig.InvalidConfigException.class)
          .hasMessageContaining(
              "alerts.botTraffic.window must be positive, at least 1 minute and divide a day"
                  + " evenly");
    }
    for (String window : new String[] {"PT1M", "PT90S", "PT20M", "PT8H", "P1D"}) {
      assertThat(
              AdstreamConfig.withOverrides(
                      "{\"alerts\": {\"botTraffic\": {\"window\": \"" + window + "\"}}}")
                  .alerts()
                  .botTraffic()
                  .window())
          .isEqualTo(Duration.parse(window));
    }
  }
}
