package io.github.nunuaction;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.nunuaction.http.EnvironmentProxies;
import io.github.nunuaction.http.Timeouts;
import io.github.nunuaction.simulator.NunuSimulator;
import io.github.nunuaction.testing.ActionHarness;
import io.github.nunuaction.testing.ActionHarness.Result;
import io.github.nunuaction.testing.Stubs;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Where requests go, through what, with which credential, and how long they may take. */
class TransportTest {
  /** A forward proxy that passes everything on and keeps a journal. */
  @RegisterExtension
  static WireMockExtension proxy =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().enableBrowserProxying(true))
          .build();

  /** Another host, which artifact URLs may point to. */
  @RegisterExtension
  static WireMockExtension elsewhere =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @TempDir Path workspace;
  NunuSimulator nunu;
  ActionHarness action;

  @BeforeEach
  void start() throws Exception {
    nunu = NunuSimulator.start();
    action =
        new ActionHarness(workspace, nunu.apiUrl(), nunu.artifactsUrl(), NunuSimulator.API_KEY)
            .input("project-id", NunuSimulator.PROJECT)
            .input("build-file", "game.apk")
            .input("test-id", NunuSimulator.TEST_PASS)
            .input("deployment-config-id", NunuSimulator.DEPLOYMENT_CONFIG);
    action.file("game.apk", EndToEndTest.randomBytes(50_000));
  }

  @AfterEach
  void stop() {
    nunu.close();
  }

  @Test
  void httpProxyCarriesEveryRequestApiAndStorageAlike() {
    Result result = action.env("HTTP_PROXY", "http://127.0.0.1:" + proxy.getPort()).run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    List<LoggedRequest> proxied = proxy.findAll(anyRequestedFor(anyUrl()));
    assertThat(proxied)
        .extracting(LoggedRequest::getMethod)
        .extracting(Object::toString)
        .contains("POST", "PUT", "GET");
    assertThat(proxied).anyMatch(r -> r.getUrl().contains("/storage/"));
    assertThat(proxied).hasSize(nunu.requests().size());
  }

  @Test
  void noProxyBypassesIt() {
    Result result =
        action
            .env("http_proxy", "http://127.0.0.1:" + proxy.getPort())
            .env("no_proxy", "example.com, 127.0.0.1")
            .run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(proxy.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void anUnusableProxyIsInvalidConfiguration() {
    Result result = action.env("HTTPS_PROXY", "http://").run();

    assertThat(result.exitCode()).isEqualTo(ExitCode.INVALID_INPUT.code());
    assertThat(result.stdout())
        .contains("::error title=Invalid configuration::HTTPS_PROXY is not a proxy URL");
    assertThat(nunu.requests()).isEmpty();
  }

  @Test
  void theKeyIsNeverSentToAnArtifactHostThatIsNotNunus() {
    nunu.close();
    var api = new WireMockServer(wireMockConfig().dynamicPort());
    api.start();
    try {
      String job = "f80f6230-3a4f-431a-9d55-d11b867fed4e";
      api.stubFor(
          post("/api/v1/runs")
              .willReturn(okJson("{\"job_ids\": [\"" + job + "\"]}").withStatus(201)));
      api.stubFor(
          get("/api/v1/jobs/" + job)
              .willReturn(
                  okJson(
                      """
          {"job_id": "%s", "status": "COMPLETED", "runs": [{"multiplayer_run_id": "lkkg6t5612m", "state": "COMPLETED",
           "result": "SUCCESS"}]}"""
                          .formatted(job))));
      api.stubFor(
          get("/api/v1/runs/lkkg6t5612m")
              .willReturn(
                  okJson(
                      """
          {"multiplayer_run_id": "lkkg6t5612m", "result": "SUCCESS", "players": [{"id": "lkkg6t5612m-1", "player_number": 1,
           "artifacts": [{"filename": "log.txt", "url": "%s/exfiltrate/log.txt", "size": 5}]}]}"""
                          .formatted(elsewhere.baseUrl()))));
      api.stubFor(get("/api/v1/runs/lkkg6t5612m/bugs").willReturn(okJson("{\"data\": []}")));
      elsewhere.stubFor(get(anyUrl()).willReturn(ok("hello")));

      Result result =
          new ActionHarness(
                  workspace,
                  URI.create(api.baseUrl() + "/api/v1"),
                  URI.create(api.baseUrl()),
                  NunuSimulator.API_KEY)
              .input("test-id", NunuSimulator.TEST_PASS)
              .input("deployment-config-id", NunuSimulator.DEPLOYMENT_CONFIG)
              .input("download-artifacts", "all")
              .run();

      assertThat(result.exitCode()).as(result.all()).isZero();
      assertThat(elsewhere.findAll(getRequestedFor(urlPathEqualTo("/exfiltrate/log.txt"))))
          .singleElement()
          .satisfies(download -> assertThat(download.containsHeader("X-Api-Key")).isFalse());
      assertThat(api.findAll(anyRequestedFor(anyUrl())))
          .allSatisfy(
              request ->
                  assertThat(request.getHeader("X-Api-Key")).isEqualTo(NunuSimulator.API_KEY));
    } finally {
      api.stop();
    }
  }

  @Test
  void aStalledStorageUploadTimesOutAndIsSentAgain() {
    nunu.close();
    var server = new WireMockServer(wireMockConfig().dynamicPort());
    server.start();
    try {
      server.stubFor(Stubs.noIdenticalBuild());
      server.stubFor(
          post("/api/v1/builds/upload")
              .willReturn(
                  okJson(
                      """
          {"upload_type": "single-part", "build_id": "b1", "object_key": "k", "upload_url": "%s/storage/b1?X-Amz-Signature=s"}"""
                          .formatted(server.baseUrl()))));
      server.stubFor(
          put(urlPathEqualTo("/storage/b1"))
              .inScenario("stall")
              .whenScenarioStateIs(Scenario.STARTED)
              .willReturn(ok().withHeader("ETag", "\"e\"").withFixedDelay(3_000))
              .willSetStateTo("fast"));
      server.stubFor(
          put(urlPathEqualTo("/storage/b1"))
              .inScenario("stall")
              .whenScenarioStateIs("fast")
              .willReturn(ok().withHeader("ETag", "\"e\"")));
      server.stubFor(
          post("/api/v1/builds/upload/complete").willReturn(okJson("{\"status\": \"success\"}")));

      Result result =
          new ActionHarness(
                  workspace,
                  URI.create(server.baseUrl() + "/api/v1"),
                  URI.create(server.baseUrl()),
                  NunuSimulator.API_KEY)
              .input("build-file", "game.apk")
              .timeouts(new Timeouts(Duration.ofSeconds(1), Duration.ofMillis(800)))
              .run();

      assertThat(result.exitCode()).as(result.all()).isZero();
      assertThat(result.stdout())
          .contains("Retrying: upload the build to storage failed with a timeout; attempt 2 of 5");
      assertThat(server.findAll(putRequestedFor(urlPathEqualTo("/storage/b1")))).hasSize(2);
    } finally {
      server.stop();
    }
  }

  @Test
  void noProxyMatchesHostsDomainsPortsAndEverything() {
    var proxies =
        EnvironmentProxies.from(
            Map.of(
                "HTTPS_PROXY",
                "proxy.corp:3128",
                "HTTP_PROXY",
                "http://proxy.corp:8080",
                "NO_PROXY",
                "internal.corp, .svc.local,storage.example.com:8443,10.0.0.7"));
    assertThat(proxied(proxies, "https://nunu.ai/api/v1")).isEqualTo("proxy.corp:3128");
    assertThat(proxied(proxies, "http://127.0.0.1:8080/")).isEqualTo("proxy.corp:8080");
    assertThat(proxied(proxies, "https://internal.corp/x")).isNull();
    assertThat(proxied(proxies, "https://api.internal.corp/x")).isNull();
    assertThat(proxied(proxies, "https://a.b.svc.local/x")).isNull();
    assertThat(proxied(proxies, "https://storage.example.com:8443/x")).isNull();
    assertThat(proxied(proxies, "https://storage.example.com/x"))
        .as("another port")
        .isEqualTo("proxy.corp:3128");
    assertThat(proxied(proxies, "http://10.0.0.7/x")).isNull();
    assertThat(proxied(proxies, "https://notinternal.corp/x")).isEqualTo("proxy.corp:3128");
    assertThat(
            proxied(
                EnvironmentProxies.from(Map.of("https_proxy", "p:1", "no_proxy", "*")),
                "https://nunu.ai"))
        .isNull();
    assertThat(EnvironmentProxies.from(Map.of()).none()).isTrue();
  }

  private static String proxied(EnvironmentProxies proxies, String url) {
    Proxy proxy = proxies.select(URI.create(url)).get(0);
    return proxy.type() == Proxy.Type.DIRECT
        ? null
        : proxy.address().toString().replace("/<unresolved>", "");
  }
}
