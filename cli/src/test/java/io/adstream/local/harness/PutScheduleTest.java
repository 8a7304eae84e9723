package io.adstream.local.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PutScheduleTest {

  @Test
  void aSteadyScheduleDuesTheRateEverySecondAndStopsAtItsRecords() {
    PutSchedule steady = PutSchedule.steady(116, Duration.ofMinutes(10));
    assertThat(steady.records()).isEqualTo(69_600);
    assertThat(steady.dueBy(Duration.ZERO)).isZero();
    assertThat(steady.dueBy(Duration.ofSeconds(1))).isEqualTo(116);
    assertThat(steady.dueBy(Duration.ofMinutes(5))).isEqualTo(34_800);
    assertThat(steady.dueBy(Duration.ofHours(1))).isEqualTo(69_600);
  }

  @Test
  void aDiurnalSchedulePutsTheSameRecordsQuietAtTheEndsAndBusyInTheMiddle() {
    Duration span = Duration.ofMinutes(10);
    PutSchedule diurnal = PutSchedule.diurnal(100, span);
    assertThat(diurnal.records()).isEqualTo(60_000);
    assertThat(diurnal.dueBy(span)).isEqualTo(60_000);
    assertThat(diurnal.dueBy(span.dividedBy(2))).isEqualTo(30_000);
    long firstMinute = diurnal.dueBy(Duration.ofMinutes(1));
    long middleMinute =
        diurnal.dueBy(Duration.ofSeconds(330)) - diurnal.dueBy(Duration.ofSeconds(270));
    assertThat(firstMinute).isBetween(2_400L, 3_400L); // about 0.4-0.5 x the mean
    assertThat(middleMinute).isBetween(9_000L, 9_600L); // about 1.6 x
  }

  @Test
  void aRateOrSpanOfZeroIsRefused() {
    assertThatThrownBy(() -> PutSchedule.steady(0, Duration.ofMinutes(1)))
        .hasMessageContaining("must be positive");
    assertThatThrownBy(() -> PutSchedule.diurnal(10, Duration.ZERO))
        .hasMessageContaining("must be positive");
  }
}
