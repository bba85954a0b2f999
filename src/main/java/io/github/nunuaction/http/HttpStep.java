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
import java.util.HashMap;
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
 * @param hints this step's own advice for an answer's status, before the service's
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
    Map<Integer, String> hints,
    Reader<T> reader) {

  /**
   * The key of {@link #hints} for an answer that may hide an effect: none arrived, or a server
   * error, after a request that is not repeated.
   */
  public static final int NO_ANSWER = 0;

  private static final Map<String, String> ACCEPT_JSON = Map.of("Accept", "application/json");
  private static final Map<String, String> SEND_JSON =
      Map.of("Content-Type", "application/json", "Accept", "application/json");
  private static final Map<String, String> SEND_BYTES =
      Map.of("Content-Type", "application/octet-stream");

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
    return step(service, purpose, "GET", uri, ACCEPT_JSON, null, Retry.IDEMPOTENT, reader);
  }

  /** A JSON body sent with POST; not repeated unless {@link #withRetry} says it is safe. */
  public static <T> HttpStep<T> post(
      Service service, String purpose, URI uri, JsonNode body, Reader<T> reader) {
    return step(service, purpose, "POST", uri, SEND_JSON, json(body), Retry.NOT_TWICE, reader);
  }

  /** A JSON body sent with PATCH, which changes a resource to a state: repeating is harmless. */
  public static <T> HttpStep<T> patch(
      Service service, String purpose, URI uri, JsonNode body, Reader<T> reader) {
    return step(service, purpose, "PATCH", uri, SEND_JSON, json(body), Retry.IDEMPOTENT, reader);
  }

  public static HttpStep<Void> delete(Service service, String purpose, URI uri) {
    return step(service, purpose, "DELETE", uri, ACCEPT_JSON, null, Retry.IDEMPOTENT, a -> null);
  }

  /** File bytes sent with PUT (storage); the answer's {@code ETag} header is the result. */
  public static HttpStep<String> put(
      Service service, String purpose, URI uri, FileRegion body, Duration timeout) {
    Reader<String> etag = answer -> answer.header("ETag").orElse(null);
    return step(service, purpose, "PUT", uri, SEND_BYTES, body, Retry.IDEMPOTENT, etag)
        .withTimeout(timeout);
  }

  /** A file fetched to {@code saveTo}, following redirects. */
  public static HttpStep<Void> download(
      Service service, String purpose, URI uri, Path saveTo, Duration timeout) {
    return HttpStep.<Void>step(
            service, purpose, "GET", uri, Map.of(), null, Retry.IDEMPOTENT, a -> null)
        .savingTo(saveTo)
        .withTimeout(timeout);
  }

  public HttpStep<T> withRetry(Retry newRetry) {
    return new HttpStep<>(
        service, purpose, method, uri, headers, body, newRetry, timeout, saveTo, hints, reader);
  }

  public HttpStep<T> withTimeout(Duration newTimeout) {
    return new HttpStep<>(
        service, purpose, method, uri, headers, body, retry, newTimeout, saveTo, hints, reader);
  }

  private HttpStep<T> savingTo(Path file) {
    return new HttpStep<>(
        service, purpose, method, uri, headers, body, retry, timeout, file, hints, reader);
  }

  /** This step's own advice for an answer with {@code status}, before the service's. */
  public HttpStep<T> withHint(int status, String hint) {
    var more = new HashMap<>(hints);
    more.put(status, hint);
    return new HttpStep<>(
        service,
        purpose,
        method,
        uri,
        headers,
        body,
        retry,
        timeout,
        saveTo,
        Map.copyOf(more),
        reader);
  }

  private static <T> HttpStep<T> step(
      Service service,
      String purpose,
      String method,
      URI uri,
      Map<String, String> headers,
      Body body,
      Retry retry,
      Reader<T> reader) {
    return new HttpStep<>(
        service, purpose, method, uri, headers, body, retry, null, null, Map.of(), reader);
  }

  private static Bytes json(JsonNode body) {
    try {
      return new Bytes(Json.MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
