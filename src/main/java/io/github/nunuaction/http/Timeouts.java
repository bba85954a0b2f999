package io.github.nunuaction.http;

import java.time.Duration;

/**
 * How long to wait for a connection and for an API answer. Uploads and downloads get more, in
 * proportion to their size. Tests shorten these; users never need to.
 */
public record Timeouts(Duration connect, Duration request) {
  public static final Timeouts DEFAULT =
      new Timeouts(Duration.ofSeconds(15), Duration.ofSeconds(60));
}
