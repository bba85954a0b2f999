package io.github.nunuaction.upload;

import io.github.nunuaction.actions.Log;
import io.github.nunuaction.core.Clock;
import io.github.nunuaction.core.Formats;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Upload progress for CI logs, which are read later rather than watched: a line at each 10% and
 * whenever 10 s passed since the last one, never a live bar.
 */
final class Progress {
  private static final long INTERVAL_NANOS = 10_000_000_000L;

  private final long total;
  private final Log log;
  private final Clock clock;
  private final long startNanos;
  private final AtomicLong done = new AtomicLong();
  private long lastLineNanos;
  private int lastDecile;

  Progress(long total, Log log, Clock clock) {
    this.total = total;
    this.log = log;
    this.clock = clock;
    this.startNanos = clock.nanoTime();
    this.lastLineNanos = startNanos;
  }

  /** Counts bytes read (negative when a failed attempt's bytes will be sent again). */
  void add(long bytes) {
    long now = done.addAndGet(bytes);
    int decile = (int) (now * 10 / total);
    long nanos = clock.nanoTime();
    synchronized (this) {
      if (decile > lastDecile || nanos - lastLineNanos >= INTERVAL_NANOS) {
        lastDecile = Math.max(lastDecile, decile);
        lastLineNanos = nanos;
        log.info(line(Math.min(now, total), nanos));
      }
    }
  }

  private String line(long bytes, long nanos) {
    double seconds = Math.max(1e-3, (nanos - startNanos) / 1e9);
    double rate = bytes / seconds;
    long eta = rate <= 0 ? 0 : (long) ((total - bytes) / rate);
    return String.format(
        Locale.ROOT,
        "Uploaded %s of %s (%d%%), %.1f MB/s, ETA %d:%02d",
        Formats.size(bytes),
        Formats.size(total),
        bytes * 100 / total,
        rate / 1e6,
        eta / 60,
        eta % 60);
  }
}
