package io.github.nunuaction.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BudgetTest {
  @Test
  void aByteBudgetCountsUtf8AsGitHubDoes() {
    // "é" is one char but two bytes: a step summary limit counts the bytes.
    assertThat(Budget.bytes(3).fits("éé")).isFalse();
    assertThat(Budget.chars(3).fits("éé")).isTrue();
  }

  @Test
  void piecesAreTakenInOrderUntilTheFirstThatDoesNotFit() {
    var out = new StringBuilder("head");
    int taken =
        Budget.chars(12).spend(out).appendWhileFits(List.of("aaa", "bbb", "cccc", "d"), 10, out);

    // "d" would fit, but the pieces keep their order: the first that does not fit ends the list.
    assertThat(taken).isEqualTo(2);
    assertThat(out).hasToString("headaaabbb");
  }

  @Test
  void reservedRoomAndTheMaximumBothLimitWhatIsTaken() {
    var out = new StringBuilder();
    assertThat(Budget.chars(10).reserve(5).appendWhileFits(List.of("aaa", "bbb"), 9, out))
        .isEqualTo(1);
    assertThat(Budget.chars(100).appendWhileFits(List.of("a", "b", "c"), 2, new StringBuilder()))
        .isEqualTo(2);
  }
}
