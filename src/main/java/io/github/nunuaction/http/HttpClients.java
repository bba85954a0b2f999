package io.github.nunuaction.http;

import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The one HTTP client of an invocation. */
public final class HttpClients {
  private HttpClients() {}

  /**
   * HTTP/1.1 so that parallel parts get parallel connections; redirects are never followed by the
   * client, because {@link HttpCaller} decides per hop whether the key may go along; a bounded
   * executor for the client's own asynchronous work.
   */
  public static HttpClient create(int threads, Timeouts timeouts, ProxySelector proxies) {
    var count = new AtomicInteger();
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(timeouts.connect())
        .proxy(proxies)
        .followRedirects(HttpClient.Redirect.NEVER)
        .executor(
            Executors.newFixedThreadPool(
                threads,
                runnable -> {
                  Thread thread = new Thread(runnable, "nunu-http-" + count.incrementAndGet());
                  thread.setDaemon(true);
                  return thread;
                }))
        .build();
  }
}
