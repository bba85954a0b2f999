package io.github.nunuaction;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time as the action sees it: the wall clock for reports, a monotonic reading for deadlines, and
 * sleeps that cancellation cuts short. Tests use {@link #virtual()}, where sleeping only moves the
 * hands, so that a 60-minute timeout takes milliseconds.
 */
public class Clock {
  public static Clock system() {
    return new Clock();
  }

  public static Virtual virtual() {
    return new Virtual();
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

  /** A clock whose time only passes when someone sleeps. */
  public static final class Virtual extends Clock {
    private final Instant start = Instant.parse("2026-01-01T00:00:00Z");
    private final AtomicLong elapsed = new AtomicLong();

    @Override
    public Instant now() {
      return start.plusNanos(elapsed.get());
    }

    @Override
    public long nanoTime() {
      return elapsed.get();
    }

    @Override
    public void sleep(Duration duration, Cancellation cancellation) {
      cancellation.throwIfCancelled();
      elapsed.addAndGet(Math.max(0, duration.toNanos()));
      Thread.yield();
    }

    /** Total time spent sleeping, for tests that assert a wait happened. */
    public Duration slept() {
      return Duration.ofNanos(elapsed.get());
    }
  }
}
