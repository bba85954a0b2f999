package io.github.nunuaction.core;

import java.time.Duration;
import java.util.Locale;

/** Durations and sizes as people read them, in logs and reports alike. */
public final class Formats {
  private Formats() {}

  /** {@code 42s}, {@code 3m 5s}, {@code 2h 10m}; empty when unknown. */
  public static String duration(Double millis) {
    if (millis == null || millis < 0) {
      return "";
    }
    long seconds = Math.round(millis / 1000);
    if (seconds < 60) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    return minutes < 60
        ? minutes + "m " + seconds % 60 + "s"
        : minutes / 60 + "h " + minutes % 60 + "m";
  }

  public static String duration(Duration duration) {
    return duration((double) duration.toMillis());
  }

  /** {@code 512 B}, {@code 1.5 KiB}, {@code 20.0 MiB}, {@code 3.25 GiB}; empty when unknown. */
  public static String size(Long bytes) {
    if (bytes == null || bytes < 0) {
      return "";
    }
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
    if (bytes < 1024L * 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
    return String.format(Locale.ROOT, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
  }
}
