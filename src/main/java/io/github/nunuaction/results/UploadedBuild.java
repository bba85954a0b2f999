package io.github.nunuaction.results;

import java.time.Duration;

/**
 * The build file the action uploaded, or found in nunu already ({@code reused}: same SHA-256, size
 * and status OK; nothing was sent). {@code took} is the transfer, from the first byte to the last
 * part stored.
 */
public record UploadedBuild(
    String buildId,
    String fileName,
    long bytes,
    String uploadType,
    int parts,
    Duration took,
    boolean reused) {

  /** The identical build nunu already has, used instead of uploading {@code fileName}. */
  public static UploadedBuild reused(String buildId, String fileName, long bytes) {
    return new UploadedBuild(buildId, fileName, bytes, "reused", 0, Duration.ZERO, true);
  }

  public double megabytesPerSecond() {
    return bytes / 1e6 / Math.max(1e-3, took.toNanos() / 1e9);
  }
}
