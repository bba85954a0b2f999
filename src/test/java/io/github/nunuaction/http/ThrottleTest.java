package io.github.nunuaction.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.nunuaction.core.Cancellation;
import io.github.nunuaction.core.Clock;
import io.github.nunuaction.testing.RecordingLog;
import io.github.nunuaction.testing.Stubs;
import java.net.ProxySelector;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A 429 slows down every request to that service, not only the one that was refused. */
class ThrottleTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  /**
   * Time passes only by sleeping, as on {@code VirtualClock}; the first thread to sleep is held
   * until the test lets it go, and its sleep passes only then.
   */
  static final class HeldClock extends Clock {
    final AtomicLong elapsed = new AtomicLong();
    final Map<String, Duration> slept = new ConcurrentHashMap<>();
    final CountDownLatch firstSleeping = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    volatile String held;

    @Override
    public long nanoTime() {
      return elapsed.get();
    }

    @Override
    public void sleep(Duration duration, Cancellation cancellation) {
      String thread = Thread.currentThread().getName();
      slept.merge(thread, duration, Duration::plus);
      synchronized (this) {
        if (held == null) {
          held = thread;
        }
      }
      if (thread.equals(held)) {
        firstSleeping.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      elapsed.addAndGet(duration.toNanos());
    }
  }

  @Test
  void afterA429TheOtherRequestsToTheServiceWaitToo() throws Exception {
    Stubs.sequence(
        wm,
        () -> get("/a"),
        aResponse().withStatus(429).withHeader("Retry-After", "5"),
        okJson("{}"));
    wm.stubFor(get("/b").willReturn(okJson("{}")));
    wm.stubFor(get("/other").willReturn(okJson("{}")));
    var clock = new HeldClock();
    var caller =
        HttpCaller.create(
            HttpClients.create(2, Timeouts.DEFAULT, ProxySelector.of(null)),
            Timeouts.DEFAULT,
            Cancellation.none(),
            clock,
            new RecordingLog());
    var nunu = Service.anonymous("nunu", (status, message, body) -> null);
    var storage = Service.anonymous("storage", (status, message, body) -> null);

    try (var refused = Executors.newSingleThreadExecutor(r -> new Thread(r, "refused"))) {
      var first = refused.submit(() -> caller.call(read(nunu, "/a")));
      assertThat(clock.firstSleeping.await(10, TimeUnit.SECONDS)).isTrue();

      caller.call(read(storage, "/other"));
      assertThat(clock.slept).doesNotContainKey(Thread.currentThread().getName());
      caller.call(read(nunu, "/b"));
      clock.release.countDown();
      first.get(10, TimeUnit.SECONDS);
    }

    assertThat(clock.slept.get("refused")).isEqualTo(Duration.ofSeconds(5));
    assertThat(clock.slept.get(Thread.currentThread().getName())).isEqualTo(Duration.ofSeconds(5));
    wm.verify(2, getRequestedFor(urlPathEqualTo("/a")));
    wm.verify(1, getRequestedFor(urlPathEqualTo("/b")));
  }

  private static HttpStep<String> read(Service service, String path) {
    return HttpStep.get(
        service, "read " + path, URI.create(wm.baseUrl() + path), answer -> answer.text());
  }
}
