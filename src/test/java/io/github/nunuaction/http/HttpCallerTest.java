package io.github.nunuaction.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.nunuaction.core.Cancellation;
import io.github.nunuaction.core.Json;
import io.github.nunuaction.testing.RecordingLog;
import io.github.nunuaction.testing.Stubs;
import io.github.nunuaction.testing.VirtualClock;
import java.net.ProxySelector;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The one caller on its own, against real HTTP: which failures it repeats for which kind of step,
 * how long it waits, where the credential goes, and what its errors say. Time is virtual: a wait is
 * a number, not a pause.
 */
class HttpCallerTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String KEY = "secret-key-0123456789";

  private final VirtualClock clock = new VirtualClock();
  private final RecordingLog log = new RecordingLog();
  private final HttpCaller caller =
      HttpCaller.create(
          HttpClients.create(2, Timeouts.DEFAULT, ProxySelector.of(null)),
          Timeouts.DEFAULT,
          Cancellation.none(),
          clock,
          log);
  private final Service api =
      Service.withCredential(
          "nunu",
          "X-Api-Key",
          KEY,
          Set.of(URI.create(wm.baseUrl())),
          Map.of(),
          (status, message, body) -> status == 404 ? "Check the test id." : null);

  @Test
  void aReadIsRepeatedAfterAServerErrorAndSaysSo() {
    Stubs.sequence(wm, () -> get("/x"), aResponse().withStatus(503), okJson("{\"ok\":true}"));

    String answer = caller.call(read("/x"));

    assertThat(answer).isEqualTo("{\"ok\":true}");
    wm.verify(2, getRequestedFor(urlPathEqualTo("/x")));
    assertThat(log.lines())
        .singleElement()
        .asString()
        .startsWith("Retrying: read /x failed with HTTP 503; attempt 2 of 5 in ");
  }

  @Test
  void aReadGivesUpAfterFiveAttemptsWithTheServersMessageAndTheHint() {
    wm.stubFor(get("/x").willReturn(aResponse().withStatus(502).withBody("{\"error\":\"down\"}")));

    assertThatThrownBy(() -> caller.call(read("/x")))
        .isInstanceOf(ApiException.class)
        .hasMessageStartingWith("Could not read /x: HTTP 502 (down) after 5 attempts.");
    wm.verify(5, getRequestedFor(urlPathEqualTo("/x")));
  }

  @Test
  void aPostThatMustNotRunTwiceIsNotRepeatedAfterAServerErrorAndSaysWhatToCheck() {
    wm.stubFor(post("/runs").willReturn(aResponse().withStatus(500)));

    assertThatThrownBy(() -> caller.call(start()))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("HTTP 500")
        .hasMessageContaining("may have reached nunu anyway")
        .satisfies(e -> assertThat(((ApiException) e).outcomeUnknown()).isTrue());
    wm.verify(1, postRequestedFor(urlPathEqualTo("/runs")));
  }

  @Test
  void aPostThatMustNotRunTwiceIsRepeatedAfterA429AfterTheWaitItAsked() {
    Stubs.sequence(
        wm,
        () -> post("/runs"),
        aResponse().withStatus(429).withHeader("Retry-After", "7"),
        okJson("{}"));

    caller.call(start());

    wm.verify(2, postRequestedFor(urlPathEqualTo("/runs")));
    assertThat(clock.slept()).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void aLongRetryAfterIsCappedAtTwoMinutes() {
    Stubs.sequence(
        wm,
        () -> get("/x"),
        aResponse().withStatus(503).withHeader("Retry-After", "3600"),
        okJson("{}"));

    caller.call(read("/x"));

    assertThat(clock.slept()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void aGitHubStyle403RateLimitIsRetriedAndReportedAsARateLimit() {
    wm.stubFor(
        get("/x")
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("x-ratelimit-remaining", "0")
                    .withBody("{\"message\":\"API rate limit exceeded\"}")));

    assertThatThrownBy(() -> caller.call(read("/x")))
        .isInstanceOf(ApiException.class)
        .satisfies(e -> assertThat(((ApiException) e).rateLimited()).isTrue());
    wm.verify(5, getRequestedFor(urlPathEqualTo("/x")));
  }

  @Test
  void aPlain403IsNotRepeated() {
    wm.stubFor(get("/x").willReturn(aResponse().withStatus(403).withBody("{\"error\":\"no\"}")));

    assertThatThrownBy(() -> caller.call(read("/x")))
        .isInstanceOf(ApiException.class)
        .satisfies(e -> assertThat(((ApiException) e).rateLimited()).isFalse());
    wm.verify(1, getRequestedFor(urlPathEqualTo("/x")));
  }

  @Test
  void withinABudgetAWaitThatWouldEndPastItFailsAtOnce() {
    wm.stubFor(get("/x").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "60")));

    assertThatThrownBy(() -> caller.within(Duration.ofSeconds(10)).call(read("/x")))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("HTTP 429");
    wm.verify(1, getRequestedFor(urlPathEqualTo("/x")));
    assertThat(clock.slept()).isZero();
  }

  @Test
  void cleanupTriesOnce() {
    wm.stubFor(get("/x").willReturn(aResponse().withStatus(503)));

    assertThatThrownBy(() -> caller.forCleanup().call(read("/x"))).isInstanceOf(ApiException.class);
    wm.verify(1, getRequestedFor(urlPathEqualTo("/x")));
  }

  @Test
  void theCredentialGoesToItsOwnOriginOnlyEvenAcrossARedirect() {
    // localhost and 127.0.0.1 are the same server but different origins.
    String elsewhere = wm.baseUrl().replace("localhost", "127.0.0.1") + "/elsewhere";
    wm.stubFor(get("/x").willReturn(aResponse().withStatus(302).withHeader("Location", elsewhere)));
    wm.stubFor(get("/elsewhere").willReturn(okJson("{}")));

    caller.call(read("/x"));

    wm.verify(getRequestedFor(urlPathEqualTo("/x")).withHeader("X-Api-Key", equalTo(KEY)));
    wm.verify(getRequestedFor(urlPathEqualTo("/elsewhere")).withoutHeader("X-Api-Key"));
  }

  @Test
  void aPostIsNotRedirectedByA302() {
    wm.stubFor(post("/runs").willReturn(aResponse().withStatus(302).withHeader("Location", "/b")));

    assertThatThrownBy(() -> caller.call(start()))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("HTTP 302");
    wm.verify(0, postRequestedFor(urlPathEqualTo("/b")));
  }

  @Test
  void storageErrorsInXmlAndHtmlPagesAreReadForTheirMessage() {
    wm.stubFor(
        get("/s3")
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(
                        "<Error><Code>ExpiredToken</Code><Message>Request has expired</Message>"
                            + "</Error>")));
    wm.stubFor(
        get("/page")
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withBody("<html><style>b{}</style><body><h1>Not   Found</h1></body></html>")));

    assertThatThrownBy(() -> caller.call(read("/s3")))
        .hasMessageStartingWith(
            "Could not read /s3: HTTP 400 (ExpiredToken: Request has expired).");
    assertThatThrownBy(() -> caller.call(read("/page")))
        .hasMessageStartingWith("Could not read /page: HTTP 404 (non-JSON answer: Not Found).")
        .hasMessageContaining("Check the test id.");
  }

  @Test
  void anAnswerTheReaderCannotUseSaysTheApiMayHaveChanged() {
    wm.stubFor(get("/x").willReturn(okJson("[]")));
    HttpStep<String> step =
        HttpStep.get(
            api,
            "read /x",
            uri("/x"),
            answer -> {
              throw new IllegalArgumentException("build_id is missing");
            });

    assertThatThrownBy(() -> caller.call(step))
        .hasMessage(
            "Could not read /x: the answer (HTTP 200) could not be read: build_id is missing."
                + " The nunu API may have changed; please report this with the step log.");
  }

  private HttpStep<String> read(String path) {
    return HttpStep.get(api, "read " + path, uri(path), Answer::text);
  }

  private HttpStep<Object> start() {
    return HttpStep.post(api, "start the run", uri("/runs"), Json.object(), answer -> null);
  }

  private static URI uri(String path) {
    return URI.create(wm.baseUrl() + path);
  }
}
