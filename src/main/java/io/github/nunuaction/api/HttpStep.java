package io.github.nunuaction.api;

import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * One HTTP exchange as data: what it is for (for messages), the request, whether it may carry the
 * API key, how it may be retried, and how to read a successful answer. {@link HttpCaller} does the
 * I/O for every step the same way.
 *
 * @param purpose what the call does, completing "Could not ...", e.g. "start the run"
 * @param body what to send, or null
 * @param saveTo for downloads: where a 2xx body is written, instead of being read into memory
 * @param notFoundHint what to check when the answer is 404, or null for the generic advice
 */
public record HttpStep<T>(
    String purpose,
    String method,
    URI uri,
    Body body,
    Map<String, String> headers,
    boolean withApiKey,
    Retry retry,
    Duration timeout,
    Path saveTo,
    String notFoundHint,
    Reader<T> reader) {

  /** A request body. */
  public sealed interface Body permits Bytes, FileRegion {}

  /** A small body held in memory (JSON). */
  public record Bytes(byte[] content) implements Body {}

  /**
   * A region of a file, streamed on each attempt with positional reads. {@code onAttempt} runs
   * before each attempt (so that progress can take back a failed attempt's bytes) and {@code onRead}
   * for every block read.
   */
  public record FileRegion(FileChannel channel, long offset, long length, Runnable onAttempt, LongConsumer onRead)
      implements Body {}

  /** How a failed attempt may be repeated. */
  public enum Retry {
    /** Repeating is harmless: retry transport errors, 429 and 5xx. */
    IDEMPOTENT,
    /**
     * Repeating could do the thing twice (start a run): retry only when the request surely did not
     * reach the server (connection refused) or the server said so (429).
     */
    NOT_TWICE,
    /** One attempt only: cleanup under a deadline. */
    ONCE
  }

  /** Reads a successful (2xx) answer. */
  @FunctionalInterface
  public interface Reader<T> {
    T read(Answer answer);
  }

  public HttpStep<T> withRetry(Retry newRetry, Duration newTimeout) {
    return new HttpStep<>(purpose, method, uri, body, headers, withApiKey, newRetry, newTimeout, saveTo, notFoundHint, reader);
  }

  public HttpStep<T> withNotFoundHint(String hint) {
    return new HttpStep<>(purpose, method, uri, body, headers, withApiKey, retry, timeout, saveTo, hint, reader);
  }
}
