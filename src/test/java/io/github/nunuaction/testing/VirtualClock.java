package io.github.nunuaction.testing;

import io.github.nunuaction.core.Cancellation;
import io.github.nunuaction.core.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** A clock whose time only passes when someone sleeps, so that a 60-minute wait takes no time. */
public class VirtualClock extends Clock {
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
