package io.github.nunuaction.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.nunuaction.upload.PartPlan.Part;
import org.junit.jupiter.api.Test;

class PartPlanTest {
  @Test
  void lastPartIsShorter() {
    assertThat(PartPlan.of(250, 100, 3))
        .containsExactly(new Part(1, 0, 100), new Part(2, 100, 100), new Part(3, 200, 50));
    assertThat(PartPlan.of(200, 100, 0))
        .containsExactly(new Part(1, 0, 100), new Part(2, 100, 100));
  }

  @Test
  void documentedExampleOf52Parts() {
    long fileSize = 51L * 104_857_600 + 1;
    assertThat(PartPlan.of(fileSize, 104_857_600, 52))
        .hasSize(52)
        .last()
        .isEqualTo(new Part(52, 51L * 104_857_600, 1));
  }

  @Test
  void disagreementWithTheServerIsCaughtBeforeUploading() {
    assertThatThrownBy(() -> PartPlan.of(250, 100, 4))
        .hasMessageContaining("nunu asked for 4 parts of 100 bytes, but the 250-byte file makes 3");
    assertThatThrownBy(() -> PartPlan.of(250, 0, 3)).hasMessageContaining("invalid part_size");
  }
}
