package io.github.nunuaction.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nunuaction.core.Cancellation;
import io.github.nunuaction.testing.RecordingLog;
import io.github.nunuaction.testing.VirtualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressTest {
  @Test
  void aLineAtEachTenthAndEveryTenSeconds() {
    VirtualClock clock = new VirtualClock();
    var log = new RecordingLog();
    var progress = new Progress(1000L * 1024 * 1024, log, clock);

    clock.sleep(Duration.ofSeconds(2), Cancellation.none());
    progress.add(50L * 1024 * 1024);
    assertThat(log.lines()).isEmpty();
    clock.sleep(Duration.ofSeconds(8), Cancellation.none());
    progress.add(1);
    assertThat(log.lines())
        .containsExactly("Uploaded 50.0 MiB of 1000.0 MiB (5%), 5.2 MB/s, ETA 3:09");
    progress.add(50L * 1024 * 1024);
    assertThat(log.lines())
        .hasSize(2)
        .last()
        .asString()
        .startsWith("Uploaded 100.0 MiB of 1000.0 MiB (10%)");
    progress.add(-50L * 1024 * 1024);
    progress.add(10);
    assertThat(log.lines()).as("taking back a failed attempt's bytes prints nothing").hasSize(2);
  }
}
