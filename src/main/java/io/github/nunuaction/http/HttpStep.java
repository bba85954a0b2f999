package io.github.nunuaction.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.nunuaction.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.apache.commons.io.input.BoundedInputStream;

/**
 * One HTTP exchange as data: which service it goes to, what it is for (for messages), the request,
 * how it may be retried, and how to read a successful answer. {@link HttpCaller} does the I/O for
 * every step the same way. Steps are made with the factories below and adjusted with the {@code
 * with...} methods.
 *
 * @param purpose what the call does, completing "Could not ...", e.g. "start the run"
 * @param timeout for the whole exchange, or null for the caller's default
 * @param saveTo for downloads: where a 2xx body is written, instead of being read into memory
 * @param notFoundHint what to check when the answer is 404, or null for the service's advice
 */
public record HttpStep<T>(
    Service service,
    String purpose,
    String method,
    URI uri,
    Map<String, String> headers,
    Body body,
    Retry retry,
    Duration timeout,
    Path saveTo,
    String notFoundHint,
    Reader<T> reader) {

  private static final Map<String, String> ACCEPT_JSON = Map.of("Accept", "application/json");
  private static final Map<String, String> SEND_JSON =
      Map.of("Content-Type", "application/json", "Accept", "application/json");

  /** A request body. */
  public sealed interface Body permits Bytes, FileRegion {}

  /** A small body held in memory (JSON). */
  public record Bytes(byte[] content) implements Body {}

  /**
   * A region of a file, read afresh for each attempt. {@code onAttempt} runs before each attempt
   * (so that progress can take back a failed attempt's bytes) and {@code onRead} for every block
   * read.
   */
  public record FileRegion(
      Path file, long offset, long length, Runnable onAttempt, LongConsumer onRead)
      implements Body {
    /** The region's bytes, counted as they are read. */
    InputStream open() throws IOException {
      FileChannel channel = FileChannel.open(file, StandardOpenOption.READ).position(offset);
      return BoundedInputStream.builder()
          .setInputStream(Channels.newInputStream(channel))
          .setMaxCount(length)
          .setAfterRead(
              read -> {
                if (read > 0) {
                  onRead.accept(read);
                }
              })
          .get();
    }
  }

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

  /**
   * Reads a successful (2xx) answer; throws IllegalArgumentException, saying what is wrong, when
   * the answer cannot be used.
   */
  @FunctionalInterface
  public interface Reader<T> {
    T read(Answer answer);

    /** Reads the body as JSON, then with {@code reader}. */
    static <T> Reader<T> json(Function<JsonNode, T> reader) {
      return answer -> reader.apply(answer.jsonBody());
    }
  }

  /** A read: JSON answer, retried freely. */
  public static <T> HttpStep<T> get(Service service, String purpose, URI uri, Reader<T> reader) {
    return new HttpStep<>(
        service,
        purpose,
        "GET",
        uri,
        ACCEPT_JSON,
        null,
        Retry.IDEMPOTENT,
        null,
        null,
        null,
        reader);
  }

  /** A JSON body sent with POST; not repeated unless {@link #withRetry} says it is safe. */
  public static <T> HttpStep<T> post(
      Service service, String purpose, URI uri, JsonNode body, Reader<T> reader) {
    return withJson(service, purpose, "POST", uri, body, reader);
  }

  public static <T> HttpStep<T> patch(
      Service service, String purpose, URI uri, JsonNode body, Reader<T> reader) {
    return withJson(service, purpose, "PATCH", uri, body, reader);
  }

  public static HttpStep<Void> delete(Service service, String purpose, URI uri) {
    return new HttpStep<>(
        service,
        purpose,
        "DELETE",
        uri,
        ACCEPT_JSON,
        null,
        Retry.IDEMPOTENT,
        null,
        null,
        null,
        answer -> null);
  }

  /** File bytes sent with PUT (storage); the answer's {@code ETag} header is the result. */
  public static HttpStep<String> put(
      Service service, String purpose, URI uri, FileRegion body, Duration timeout) {
    return new HttpStep<>(
        service,
        purpose,
        "PUT",
        uri,
        Map.of("Content-Type", "application/octet-stream"),
        body,
        Retry.IDEMPOTENT,
        timeout,
        null,
        null,
        answer -> answer.header("ETag").orElse(null));
  }

  /** A file fetched to {@code saveTo}, following redirects. */
  public static HttpStep<Void> download(
      Service service, String purpose, URI uri, Path saveTo, Duration timeout) {
    return new HttpStep<>(
        service,
        purpose,
        "GET",
        uri,
        Map.of(),
        null,
        Retry.IDEMPOTENT,
        timeout,
        saveTo,
        null,
        answer -> null);
  }

  public HttpStep<T> withRetry(Retry newRetry) {
    return new HttpStep<>(
        service,
        purpose,
        method,
        uri,
        headers,
        body,
        newRetry,
        timeout,
        saveTo,
        notFoundHint,
        reader);
  }

  public HttpStep<T> withTimeout(Duration newTimeout) {
    return new HttpStep<>(
        service,
        purpose,
        method,
        uri,
        headers,
        body,
        retry,
        newTimeout,
        saveTo,
        notFoundHint,
        reader);
  }

  public HttpStep<T> withNotFoundHint(String hint) {
    return new HttpStep<>(
        service, purpose, method, uri, headers, body, retry, timeout, saveTo, hint, reader);
  }

  private static <T> HttpStep<T> withJson(
      Service service, String purpose, String method, URI uri, JsonNode body, Reader<T> reader) {
    byte[] bytes;
    try {
      bytes = Json.MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    return new HttpStep<>(
        service,
        purpose,
        method,
        uri,
        SEND_JSON,
        new Bytes(bytes),
        Retry.NOT_TWICE,
        null,
        null,
        null,
        reader);
  }
}
