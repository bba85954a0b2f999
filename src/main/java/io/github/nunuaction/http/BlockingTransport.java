package io.github.nunuaction.http;

import io.github.nunuaction.core.Cancellation;
import io.github.nunuaction.http.HttpStep.FileRegion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends a file region with blocking socket writes ({@link HttpURLConnection} in fixed-length
 * streaming mode). The non-blocking {@code java.net.http.HttpClient} wakes up for every few
 * kilobytes the socket drains and, measured on two cores, moves bulk bodies at about 60% of curl's
 * speed; blocking writes let the kernel pace the sender as curl does. Only storage PUTs of build
 * bytes go this way. Blocking writes ignore interrupts, so a deadline and cancellation close the
 * connection instead.
 */
final class BlockingTransport {
  private static final int BLOCK = 64 * 1024;
  private static final ScheduledExecutorService DEADLINES =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "nunu-upload-deadlines");
            thread.setDaemon(true);
            return thread;
          });

  private final ProxySelector proxies;
  private final Duration connectTimeout;

  BlockingTransport(ProxySelector proxies, Duration connectTimeout) {
    this.proxies = proxies;
    this.connectTimeout = connectTimeout;
  }

  HttpCaller.Exchange send(
      String method,
      URI uri,
      Map<String, String> headers,
      FileRegion region,
      Duration timeout,
      Cancellation cancellation)
      throws IOException, TimeoutException {
    region.onAttempt().run();
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection(proxyFor(uri));
    connection.setRequestMethod(method);
    connection.setInstanceFollowRedirects(false);
    connection.setUseCaches(false);
    connection.setConnectTimeout((int) connectTimeout.toMillis());
    connection.setReadTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    headers.forEach(connection::setRequestProperty);
    connection.setDoOutput(true);
    connection.setFixedLengthStreamingMode(region.length());
    var timedOut = new AtomicBoolean();
    ScheduledFuture<?> deadline =
        DEADLINES.schedule(
            () -> {
              timedOut.set(true);
              connection.disconnect();
            },
            timeout.toMillis(),
            TimeUnit.MILLISECONDS);
    try (var onCancel = cancellation.onCancel(connection::disconnect);
        InputStream in = open(region)) {
      try (OutputStream out = connection.getOutputStream()) {
        copy(region, in, out);
      }
      int status = connection.getResponseCode();
      return new HttpCaller.Exchange(status, headers(connection), body(connection, status));
    } catch (IOException e) {
      if (timedOut.get()) {
        throw new TimeoutException("timed out after " + timeout.toSeconds() + " s");
      }
      cancellation.throwIfCancelled();
      throw e;
    } finally {
      deadline.cancel(false);
    }
  }

  private Proxy proxyFor(URI uri) {
    List<Proxy> choices = proxies.select(uri);
    return choices.isEmpty() ? Proxy.NO_PROXY : choices.get(0);
  }

  private static InputStream open(FileRegion region) {
    try {
      return region.open();
    } catch (IOException e) {
      throw unreadable(region, e);
    }
  }

  /** Socket errors are the transport's; errors reading the file are ours, and not retried. */
  private static void copy(FileRegion region, InputStream in, OutputStream out) throws IOException {
    byte[] block = new byte[(int) Math.max(1, Math.min(BLOCK, region.length()))];
    long sent = 0;
    while (true) {
      int read;
      try {
        read = in.read(block);
      } catch (IOException e) {
        throw unreadable(region, e);
      }
      if (read < 0) {
        break;
      }
      out.write(block, 0, read);
      sent += read;
    }
    if (sent != region.length()) {
      throw unreadable(
          region, new IOException("the file became shorter while it was being uploaded"));
    }
  }

  private static LocalFileException unreadable(FileRegion region, IOException e) {
    return new LocalFileException(
        "Could not read "
            + region.file()
            + ": "
            + e.getMessage()
            + ". Check that nothing changes or removes the file while the action uploads it.",
        e);
  }

  private static HttpHeaders headers(HttpURLConnection connection) {
    Map<String, List<String>> fields = new HashMap<>();
    connection
        .getHeaderFields()
        .forEach(
            (name, values) -> {
              if (name != null) {
                fields.put(name, values);
              }
            });
    return HttpHeaders.of(fields, (name, value) -> true);
  }

  private static byte[] body(HttpURLConnection connection, int status) throws IOException {
    try (InputStream in =
        status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
      return in == null ? new byte[0] : in.readNBytes(LimitedBody.LIMIT);
    }
  }
}
