package io.github.nunuaction.core;

import java.time.Duration;
import java.time.Instant;

/**
 * Time as the action sees it: the wall clock for reports, a monotonic reading for deadlines, and
 * sleeps that cancellation cuts short. Tests subclass it with a virtual clock, where sleeping only
 * moves the hands, so that a 60-minute timeout takes milliseconds.
 */
public class Clock {
  public static Clock system() {
    return new Clock();
  }

  public Instant now() {
    return Instant.now();
  }

  public long nanoTime() {
    return System.nanoTime();
  }

  /** Sleeps; throws {@link Cancellation.Cancelled} when cancelled before or during the sleep. */
  public void sleep(Duration duration, Cancellation cancellation) {
    cancellation.throwIfCancelled();
    try {
      if (cancellation.await(Math.max(0, duration.toNanos()))) {
        cancellation.throwIfCancelled();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancellation.throwIfCancelled();
      throw new Cancellation.Cancelled(null);
    }
  }
}
