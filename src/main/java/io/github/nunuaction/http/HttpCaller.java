package io.github.nunuaction.http;

import io.github.nunuaction.actions.Log;
import io.github.nunuaction.core.Cancellation;
import io.github.nunuaction.core.Cancellation.Cancelled;
import io.github.nunuaction.core.Clock;
import io.github.nunuaction.core.Version;
import io.github.nunuaction.http.HttpStep.Bytes;
import io.github.nunuaction.http.HttpStep.FileRegion;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Performs {@link HttpStep}s for every service: the one place that does HTTP I/O, retries with
 * backoff, honours {@code Retry-After}, follows redirects, attaches a service's credential (only
 * for that service's origins, never for storage or a redirect elsewhere) and turns failures into
 * {@link ApiException}.
 */
public final class HttpCaller {
  static final int MAX_ATTEMPTS = 5;
  private static final Duration CLEANUP_TIMEOUT = Duration.ofSeconds(3);
  private static final int MAX_REDIRECTS = 5;
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(2);

  private static final String USER_AGENT = "nunu-action/" + Version.VERSION;

  private final HttpClient client;
  private final BlockingTransport blocking;
  private final Duration defaultTimeout;
  private final Cancellation cancellation;
  private final Clock clock;
  private final Log log;
  private final boolean cleanup;
  // When each service said to slow down (429) until, as System.nanoTime-like clock readings.
  private final Map<String, Long> pausedUntil;
  // A clock reading after which no request starts and no wait begins, or null.
  private final Long deadline;

  private HttpCaller(
      HttpClient client,
      Duration defaultTimeout,
      Cancellation cancellation,
      Clock clock,
      Log log,
      boolean cleanup,
      Map<String, Long> pausedUntil,
      Long deadline) {
    this.client = client;
    this.pausedUntil = pausedUntil;
    this.deadline = deadline;
    this.blocking =
        new BlockingTransport(
            client.proxy().orElse(HttpClient.Builder.NO_PROXY),
            client.connectTimeout().orElse(Timeouts.DEFAULT.connect()));
    this.defaultTimeout = defaultTimeout;
    this.cancellation = cancellation;
    this.clock = clock;
    this.log = log;
    this.cleanup = cleanup;
  }

  /** A caller over one client; {@code log} receives the retry lines. */
  public static HttpCaller create(
      HttpClient client, Timeouts timeouts, Cancellation cancellation, Clock clock, Log log) {
    return new HttpCaller(
        client,
        timeouts.request(),
        cancellation,
        clock,
        log,
        false,
        new ConcurrentHashMap<>(),
        null);
  }

  /**
   * The same caller (client, pauses after a 429), stopped by {@code other} instead: for a group of
   * uploads that ends together when one of them fails, whose token also carries the workflow's
   * cancellation.
   */
  public HttpCaller withCancellation(Cancellation other) {
    return new HttpCaller(
        client, defaultTimeout, other, clock, log, cleanup, pausedUntil, deadline);
  }

  /**
   * The same caller, within {@code budget} from now for everything it does: requests, retries and
   * waits a rate limit asks for. What would run past it fails instead, at once: for work that must
   * not hold the step (the pull request comment).
   */
  public HttpCaller within(Duration budget) {
    return new HttpCaller(
        client,
        defaultTimeout,
        cancellation,
        clock,
        log,
        cleanup,
        pausedUntil,
        clock.nanoTime() + budget.toNanos());
  }

  /**
   * The same caller for cleanup after a failure or a signal: never cancelled, one attempt per step
   * and a short timeout, so that aborting an upload or stopping runs fits in the seconds a cancel
   * leaves.
   */
  public HttpCaller forCleanup() {
    return new HttpCaller(
        client,
        CLEANUP_TIMEOUT,
        Cancellation.none(),
        clock,
        log,
        true,
        new ConcurrentHashMap<>(),
        null);
  }

  public Clock clock() {
    return clock;
  }

  /** How long an ordinary request may take. */
  public Duration requestTimeout() {
    return defaultTimeout;
  }

  public <T> T call(HttpStep<T> requested) {
    HttpStep<T> step =
        cleanup
            ? requested.withRetry(HttpStep.Retry.ONCE).withTimeout(CLEANUP_TIMEOUT)
            : requested.timeout() == null ? requested.withTimeout(defaultTimeout) : requested;
    URI uri = step.uri();
    int attempt = 0;
    int redirects = 0;
    while (true) {
      attempt++;
      cancellation.throwIfCancelled();
      awaitPause(step);
      Exchange response;
      try {
        response = send(withinDeadline(step), uri);
      } catch (IOException | TimeoutException e) {
        cancellation.throwIfCancelled();
        if (retriesTransport(step.retry(), e)
            && attempt < MAX_ATTEMPTS
            && backoff(step, attempt, Optional.empty(), describe(e), false)) {
          continue;
        }
        if (cleanup && attempt == 1 && failedFast(requested, e)) {
          // A pooled connection that a cancelled call left dead fails at once; one more is safe.
          continue;
        }
        throw ApiException.fromTransport(step, host(uri), describe(e), e, attempt);
      }
      int status = response.status();
      Optional<URI> redirect = redirect(step, uri, response);
      if (redirect.isPresent() && redirects < MAX_REDIRECTS) {
        uri = redirect.get();
        redirects++;
        attempt--;
        continue;
      }
      Answer answer = new Answer(status, response.headers(), response.body());
      if (status >= 200 && status < 300) {
        try {
          return step.reader().read(answer);
        } catch (IllegalArgumentException unusable) {
          throw ApiException.unreadable(step, status, unusable.getMessage());
        }
      }
      String message = answer.error();
      boolean throttled = answer.rateLimited(message);
      if (retriesStatus(step.retry(), throttled ? 429 : status)
          && attempt < MAX_ATTEMPTS
          && backoff(step, attempt, answer.retryAfter(clock.now()), "HTTP " + status, throttled)) {
        continue;
      }
      throw ApiException.fromAnswer(step, answer, message, attempt, throttled);
    }
  }

  /**
   * Where a redirect points, when it is one to follow: any 3xx for GET, and for other methods only
   * the ones that keep the method and body (307, 308). The key goes along only to the API hosts,
   * which {@link #send} decides again for each hop.
   */
  private static Optional<URI> redirect(HttpStep<?> step, URI uri, Exchange response) {
    int status = response.status();
    boolean follow =
        step.method().equals("GET")
            ? status >= 300 && status < 400 && status != 304
            : status == 307 || status == 308;
    Optional<String> location = response.headers().firstValue("Location");
    if (!follow || location.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI target = uri.resolve(location.get().strip());
      String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("https") || scheme.equals("http")) && target.getHost() != null) {
        return Optional.of(target);
      }
    } catch (IllegalArgumentException unusable) {
      // reported below
    }
    throw ApiException.invalid(
        "Could not " + step.purpose() + ": the server redirected to an unusable location.");
  }

  /** What came back, from either transport. */
  record Exchange(int status, HttpHeaders headers, byte[] body) {}

  private Exchange send(HttpStep<?> step, URI uri) throws IOException, TimeoutException {
    var headers = new LinkedHashMap<String, String>();
    headers.put("User-Agent", USER_AGENT);
    headers.putAll(step.headers());
    headers.putAll(step.service().headers());
    if (step.service().sendsCredentialTo(uri)) {
      headers.putAll(step.service().credential());
    }
    if (step.body() instanceof FileRegion region) {
      return blocking.send(step.method(), uri, headers, region, step.timeout(), cancellation);
    }
    var request = HttpRequest.newBuilder(uri).timeout(step.timeout());
    headers.forEach(request::header);
    request.method(
        step.method(),
        step.body() instanceof Bytes bytes
            ? HttpRequest.BodyPublishers.ofByteArray(bytes.content())
            : HttpRequest.BodyPublishers.noBody());
    Path saveTo = step.saveTo();
    Path partial = saveTo == null ? null : saveTo.resolveSibling(saveTo.getFileName() + ".part");
    HttpResponse.BodyHandler<byte[]> handler =
        info ->
            partial != null && info.statusCode() / 100 == 2
                ? BodySubscribers.mapping(BodySubscribers.ofFile(partial), path -> new byte[0])
                : new LimitedBody();
    CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request.build(), handler);
    try (var interrupt = cancellation.interruptOnCancel()) {
      // The client's own timeout ends when the headers arrive; this one also bounds the body.
      HttpResponse<byte[]> response =
          future.get(step.timeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
      if (partial != null && response.statusCode() / 100 == 2) {
        Files.move(partial, saveTo, StandardCopyOption.REPLACE_EXISTING);
      }
      return new Exchange(response.statusCode(), response.headers(), response.body());
    } catch (InterruptedException e) {
      future.cancel(true);
      cancellation.throwIfCancelled();
      throw new Cancelled(null);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause());
    } catch (RuntimeException e) {
      future.cancel(true);
      throw e;
    } finally {
      if (partial != null) {
        Files.deleteIfExists(partial);
      }
    }
  }

  /** Not a timeout: the connection broke, so trying once more costs no time. */
  private static boolean failedFast(HttpStep<?> requested, Exception e) {
    return requested.retry() == HttpStep.Retry.IDEMPOTENT
        && !(e instanceof TimeoutException
            || e instanceof HttpTimeoutException
            || e instanceof SocketTimeoutException);
  }

  private static boolean retriesTransport(HttpStep.Retry retry, Exception e) {
    return switch (retry) {
      case IDEMPOTENT -> !(e instanceof SSLHandshakeException);
      case NOT_TWICE -> e instanceof ConnectException;
      case ONCE -> false;
    };
  }

  private static boolean retriesStatus(HttpStep.Retry retry, int status) {
    return switch (retry) {
      case IDEMPOTENT -> status == 429 || status == 408 || status >= 500;
      case NOT_TWICE -> status == 429;
      case ONCE -> false;
    };
  }

  /**
   * A service that answered 429 is asked nothing more until the wait is over: the other threads'
   * requests (polls, result fetches, parts) back off with the one that was refused.
   */
  private void pause(Service service, Duration wait) {
    pausedUntil.merge(service.name(), clock.nanoTime() + wait.toNanos(), Math::max);
  }

  private void awaitPause(HttpStep<?> step) {
    Long until = pausedUntil.get(step.service().name());
    long left = until == null ? 0 : until - clock.nanoTime();
    if (deadline != null && clock.nanoTime() + Math.max(0, left) >= deadline) {
      throw ApiException.outOfTime(step);
    }
    if (left > 0) {
      clock.sleep(Duration.ofNanos(left), cancellation);
    }
  }

  /** The step with its timeout cut to what is left before the deadline. */
  private <T> HttpStep<T> withinDeadline(HttpStep<T> step) {
    if (deadline == null) {
      return step;
    }
    Duration left = Duration.ofNanos(deadline - clock.nanoTime());
    return left.compareTo(step.timeout()) < 0 ? step.withTimeout(left) : step;
  }

  /**
   * Logs the retry and sleeps before it; after a 429, the whole service waits. False, without
   * waiting, when the wait would end past the deadline.
   */
  private boolean backoff(
      HttpStep<?> step,
      int attempt,
      Optional<Duration> retryAfter,
      String reason,
      boolean throttled) {
    Duration exponential = Duration.ofSeconds(1L << Math.min(attempt - 1, 5));
    double jitter = 0.75 + ThreadLocalRandom.current().nextDouble() * 0.5;
    Duration wait =
        retryAfter
            .map(d -> d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d)
            .orElseGet(
                () -> {
                  Duration jittered = Duration.ofMillis((long) (exponential.toMillis() * jitter));
                  return jittered.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : jittered;
                });
    if (deadline != null && clock.nanoTime() + wait.toNanos() >= deadline) {
      return false;
    }
    log.info(
        String.format(
            Locale.ROOT,
            "Retrying: %s failed with %s; attempt %d of %d in %.1f s%s",
            step.purpose(),
            reason,
            attempt + 1,
            MAX_ATTEMPTS,
            wait.toMillis() / 1000.0,
            retryAfter.isPresent() ? " (Retry-After)" : ""));
    if (throttled) {
      pause(step.service(), wait);
    }
    clock.sleep(wait, cancellation);
    return true;
  }

  private static String describe(Exception e) {
    if (e instanceof TimeoutException
        || e instanceof HttpTimeoutException
        || e instanceof SocketTimeoutException) {
      return "a timeout";
    }
    return e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
  }

  private static String host(URI uri) {
    return uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
  }
}
