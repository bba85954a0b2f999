package io.github.nunuaction.testing;

import io.github.nunuaction.core.Cancellation;
import java.time.Duration;

/**
 * A virtual clock whose sleeps also take a twentieth of their length in real time: a 5 s poll
 * passes in 0.25 s. For tests where steps run side by side and must really wait for each other
 * (legs that write one comment), which a clock that never sleeps cannot show.
 */
public final class ScaledClock extends VirtualClock {
  private static final long SCALE = 20;

  @Override
  public void sleep(Duration duration, Cancellation cancellation) {
    super.sleep(duration, cancellation);
    try {
      Thread.sleep(Math.max(0, duration.toMillis() / SCALE));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
