package io.github.nunuaction.http;

/**
 * A file of ours could not be read while a request was being sent: a local problem, which no retry
 * of the request can fix, and not a failure of the service.
 */
public final class LocalFileException extends RuntimeException {
  public LocalFileException(String message, Throwable cause) {
    super(message, cause, true, false);
  }
}
