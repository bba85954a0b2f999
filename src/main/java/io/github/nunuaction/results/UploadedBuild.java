package io.github.nunuaction.results;

import java.time.Duration;

/**
 * A build the action uploaded; {@code took} is the transfer, from the first byte to the last part
 * stored.
 */
public record UploadedBuild(
    String buildId, String fileName, long bytes, String uploadType, int parts, Duration took) {
  public double megabytesPerSecond() {
    return bytes / 1e6 / Math.max(1e-3, took.toNanos() / 1e9);
  }
}
