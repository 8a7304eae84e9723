package io.adstream.local.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BatchBudgetTest {
  private static final long MS = 1_000_000;

  private static CallTimeline.Call call(String operation, long thread, long startMs, long endMs) {
    return call(operation, thread, startMs, endMs, 0);
  }

  private static CallTimeline.Call call(
      String operation, long thread, long startMs, long endMs, long emulatorExcessMs) {
    return new CallTimeline.Call(
        "DynamoDb",
        operation,
        Optional.of("t"),
        thread,
        startMs * MS,
        endMs * MS,
        emulatorExcessMs * MS);
  }

  @Test
  void overlappingCallsAreOneWaveAsDeepAsTheBusiestThread() {
    BatchBudget budget =
        BatchBudget.of(
            3,
            0,
            100 * MS,
            List.of(
                call("BatchGetItem", 1, 10, 20),
                call("UpdateItem", 1, 25, 30),
                call("UpdateItem", 2, 26, 31),
                call("UpdateItem", 1, 30, 35),
                call("PutItem", 3, 50, 60)));
    assertThat(budget.waves()).hasSize(3);
    assertThat(budget.waves().get(1).calls()).containsEntry("DynamoDb UpdateItem t", 3);
    assertThat(budget.waves().get(1).depth()).isEqualTo(2);
    assertThat(budget.roundTrips()).isEqualTo(4);
    assertThat(budget.beforeFirstCallNanos()).isEqualTo(10 * MS);
    assertThat(budget.outsideCallsNanos()).isEqualTo((100 - 10 - 10 - 10) * MS);
  }

  @Test
  void theEmulatorsExcessIsTakenOutOfEachWavesSlowestThread() {
    BatchBudget budget =
        BatchBudget.of(
            3,
            0,
            100 * MS,
            List.of(
                call("BatchGetItem", 1, 10, 20, 6),
                call("UpdateItem", 1, 25, 30, 3),
                call("UpdateItem", 2, 26, 31, 0),
                call("UpdateItem", 1, 30, 35, 2),
                call("PutItem", 3, 50, 60, 0)));
    // thread 1's chain shrinks from 10 ms to 5; thread 2's (starting a ms later) is then the
    // slowest at 6
    assertThat(budget.waves())
        .extracting(BatchBudget.Wave::awsNanos)
        .containsExactly(4 * MS, 6 * MS, 10 * MS);
    assertThat(budget.awsNanos()).isEqualTo((100 - 6 - 4) * MS);
  }

  @Test
  void withoutSimulatedLatencyTheAwsTimeIsTheMeasuredTime() {
    BatchBudget budget =
        BatchBudget.of(
            1, 0, 40 * MS, List.of(call("GetItem", 1, 5, 15), call("PutItem", 2, 20, 30)));
    assertThat(budget.awsNanos()).isEqualTo(budget.totalNanos());
  }

  @Test
  void aBatchWithoutCallsIsAllBeforeTheFirstCall() {
    BatchBudget budget = BatchBudget.of(1, 0, 5 * MS, List.of());
    assertThat(budget.waves()).isEmpty();
    assertThat(budget.beforeFirstCallNanos()).isEqualTo(5 * MS);
  }
}
