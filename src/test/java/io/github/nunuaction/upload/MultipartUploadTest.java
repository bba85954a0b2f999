package io.github.nunuaction.upload;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.nunuaction.ExitCode;
import io.github.nunuaction.core.Cancellation;
import io.github.nunuaction.testing.ActionHarness;
import io.github.nunuaction.testing.ActionHarness.Result;
import io.github.nunuaction.testing.RawStorage;
import io.github.nunuaction.testing.Stubs;
import io.github.nunuaction.testing.VirtualClock;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The multipart upload's state machine against WireMock: one test per failure. A 5-part file (four
 * parts of 256 KiB and one of 1000 bytes) is uploaded with a parallelism of 4, so part URLs come in
 * two batches: 1-4 and 5.
 */
class MultipartUploadTest {
  static final String BUILD = "123e4567-e89b-12d3-a456-426614174000";
  static final String KEY = "nunu_test_key_42";
  static final int PART = 256 * 1024;
  static final int PARTS = 5;
  static final byte[] FILE = random(PART * 4 + 1000);

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @TempDir Path workspace;
  VirtualClock clock = new VirtualClock();
  ActionHarness action;

  @BeforeEach
  void setUp() {
    action =
        new ActionHarness(
            workspace,
            URI.create(wm.baseUrl() + "/api/v1"),
            URI.create("http://127.0.0.1:9"),
            KEY,
            clock);
    action.file("game.apk", FILE);
    action.input("build-file", "game.apk");
    action.input("upload-parallelism", "4");
    wm.stubFor(Stubs.noIdenticalBuild());
    wm.stubFor(
        post("/api/v1/builds/upload")
            .willReturn(
                okJson(
                    """
        {"upload_type": "multipart", "build_id": "%s", "upload_id": "up-1", "object_key": "k1/game.apk",
         "total_parts": %d, "part_size": %d}"""
                        .formatted(BUILD, PARTS, PART))));
    stubPartUrls("1,2,3,4", 1, 2, 3, 4);
    stubPartUrls("5", 5);
    wm.stubFor(
        post("/api/v1/builds/upload/complete")
            .willReturn(okJson("{\"build_id\": \"" + BUILD + "\"}")));
    wm.stubFor(
        delete(urlPathEqualTo("/api/v1/builds/upload")).willReturn(okJson("{\"success\": true}")));
  }

  @Test
  void uploadsEveryPartWithItsExactBytesAndCompletesInOrder() {
    IntStream.rangeClosed(1, PARTS).forEach(MultipartUploadTest::stubPart);

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(result.outputs())
        .containsEntry("build-id", BUILD)
        .containsEntry("result", "success");
    for (int part = 1; part <= PARTS; part++) {
      List<LoggedRequest> puts =
          wm.findAll(putRequestedFor(urlPathEqualTo("/storage/part-" + part)));
      assertThat(puts).hasSize(1);
      byte[] expected =
          Arrays.copyOfRange(FILE, (part - 1) * PART, Math.min(FILE.length, part * PART));
      assertThat(puts.get(0).getBody()).as("bytes of part %d", part).isEqualTo(expected);
      assertThat(puts.get(0).getHeader("Content-Length"))
          .isEqualTo(String.valueOf(expected.length));
      assertThat(puts.get(0).getHeader("Content-Type")).isEqualTo("application/octet-stream");
      assertThat(puts.get(0).containsHeader("X-Api-Key")).as("no key to storage").isFalse();
    }
    wm.verify(
        getRequestedFor(urlPathEqualTo("/api/v1/builds/upload/parts")).withoutHeader("X-Api-Key"));
    wm.verify(
        postRequestedFor(urlPathEqualTo("/api/v1/builds/upload/complete"))
            .withRequestBody(equalToJson(completeBody())));
    wm.verify(
        postRequestedFor(urlPathEqualTo("/api/v1/builds/upload"))
            .withHeader("X-Api-Key", equalTo(KEY))
            .withRequestBody(
                equalToJson(
                    "{\"file_name\": \"game.apk\", \"file_size\": "
                        + FILE.length
                        + ", \"platform\": \"android\"}",
                    true,
                    true)));
    wm.verify(0, deleteRequestedFor(urlPathEqualTo("/api/v1/builds/upload")));
  }

  /** API.md 2.1.2 and 3.4 step 2: one comma-separated part_numbers value, object_key encoded. */
  @Test
  void partUrlsAreAskedForAsTheDocsWriteTheQuery() {
    IntStream.rangeClosed(1, PARTS).forEach(MultipartUploadTest::stubPart);

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(wm.findAll(getRequestedFor(urlPathEqualTo("/api/v1/builds/upload/parts"))))
        .extracting(LoggedRequest::getUrl)
        .containsExactly(
            "/api/v1/builds/upload/parts?upload_id=up-1&object_key=k1%2Fgame.apk&part_numbers=1,2,3,4",
            "/api/v1/builds/upload/parts?upload_id=up-1&object_key=k1%2Fgame.apk&part_numbers=5");
  }

  @Test
  void aPartThatFailsOnceIsRetriedAndTheUploadCompletes() {
    IntStream.of(1, 3, 4, 5).forEach(MultipartUploadTest::stubPart);
    wm.stubFor(
        put(urlPathEqualTo("/storage/part-2"))
            .inScenario("flaky")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse().withStatus(500).withBody("<Error><Code>InternalError</Code></Error>"))
            .willSetStateTo("healed"));
    wm.stubFor(
        put(urlPathEqualTo("/storage/part-2"))
            .inScenario("flaky")
            .whenScenarioStateIs("healed")
            .willReturn(ok().withHeader("ETag", "\"etag-2\"")));

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    wm.verify(2, putRequestedFor(urlPathEqualTo("/storage/part-2")));
    wm.verify(
        postRequestedFor(urlPathEqualTo("/api/v1/builds/upload/complete"))
            .withRequestBody(equalToJson(completeBody())));
    assertThat(result.stdout())
        .contains("Retrying: upload part 2 of 5 failed with HTTP 500; attempt 2 of 5");
  }

  @Test
  void aPartThatAlwaysFailsAbortsTheUploadAndExits3() {
    IntStream.of(1, 2, 4, 5).forEach(MultipartUploadTest::stubPart);
    wm.stubFor(
        put(urlPathEqualTo("/storage/part-3"))
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withBody(
                        "<?xml version=\"1.0\"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>")));

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCode.SERVICE_FAILED.code());
    wm.verify(5, putRequestedFor(urlPathEqualTo("/storage/part-3")));
    wm.verify(
        deleteRequestedFor(urlPathEqualTo("/api/v1/builds/upload"))
            .withQueryParam("build_id", equalTo(BUILD))
            .withQueryParam("object_key", equalTo("k1/game.apk"))
            .withQueryParam("upload_id", equalTo("up-1"))
            .withHeader("X-Api-Key", equalTo(KEY)));
    wm.verify(0, postRequestedFor(urlPathEqualTo("/api/v1/builds/upload/complete")));
    assertThat(result.stdout())
        .contains(
            "::error title=nunu-action failed::Could not upload part 3 of 5: HTTP 503 (SlowDown: Please reduce your request rate.) after 5 attempts.")
        .contains("Cancelled the unfinished upload of build " + BUILD);
    assertThat(result.outputs()).containsEntry("result", "error").containsEntry("build-id", "");
    assertThat(result.summary()).contains("Could not upload part 3 of 5");
  }

  @Test
  void aRefusedPartUrlIsReplacedByAFreshOne() {
    IntStream.of(1, 2, 3, 5).forEach(MultipartUploadTest::stubPart);
    wm.stubFor(
        put(urlPathEqualTo("/storage/part-4"))
            .inScenario("expired")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withBody(
                        "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>"))
            .willSetStateTo("renewed"));
    wm.stubFor(
        put(urlPathEqualTo("/storage/part-4"))
            .inScenario("expired")
            .whenScenarioStateIs("renewed")
            .willReturn(ok().withHeader("ETag", "\"etag-4\"")));
    stubPartUrls("4", 4);

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    wm.verify(
        getRequestedFor(urlPathEqualTo("/api/v1/builds/upload/parts"))
            .withQueryParam("part_numbers", equalTo("4")));
    wm.verify(2, putRequestedFor(urlPathEqualTo("/storage/part-4")));
    wm.verify(
        postRequestedFor(urlPathEqualTo("/api/v1/builds/upload/complete"))
            .withRequestBody(equalToJson(completeBody())));
    assertThat(result.stdout())
        .contains(
            "Part 4: storage refused the URL (HTTP 403, probably expired); asking nunu for a new one");
  }

  @Test
  void tooManyRequestsWaitsAsLongAsRetryAfterSays() {
    IntStream.of(2, 3, 4, 5).forEach(MultipartUploadTest::stubPart);
    wm.stubFor(
        put(urlPathEqualTo("/storage/part-1"))
            .inScenario("busy")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7"))
            .willSetStateTo("calm"));
    wm.stubFor(
        put(urlPathEqualTo("/storage/part-1"))
            .inScenario("busy")
            .whenScenarioStateIs("calm")
            .willReturn(ok().withHeader("ETag", "\"etag-1\"")));

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(clock.slept()).isEqualTo(Duration.ofSeconds(7));
    wm.verify(2, putRequestedFor(urlPathEqualTo("/storage/part-1")));
    assertThat(result.stdout()).contains("attempt 2 of 5 in 7.0 s (Retry-After)");
  }

  @Test
  void aConnectionResetInTheMiddleOfAPartIsRetried() throws Exception {
    try (var storage = new RawStorage(3)) {
      stubPartUrls("1,2,3,4", storage, 1, 2, 3, 4);
      stubPartUrls("5", storage, 5);

      Result result = action.run();

      assertThat(result.exitCode()).as(result.all()).isZero();
      assertThat(storage.resets()).isEqualTo(1);
      assertThat(storage.attempts().stream().filter(p -> p == 3)).hasSize(2);
      for (int part = 1; part <= PARTS; part++) {
        assertThat(storage.received().get(part))
            .as("part %d", part)
            .isEqualTo(
                Arrays.copyOfRange(FILE, (part - 1) * PART, Math.min(FILE.length, part * PART)));
      }
      wm.verify(
          postRequestedFor(urlPathEqualTo("/api/v1/builds/upload/complete"))
              .withRequestBody(equalToJson(completeBody().replace("\\\"etag-", "\\\"raw-etag-"))));
    }
  }

  @Test
  void aMissingEtagIsSentAgainAndThenReportedClearly() {
    IntStream.of(1, 3, 4, 5).forEach(MultipartUploadTest::stubPart);
    wm.stubFor(put(urlPathEqualTo("/storage/part-2")).willReturn(ok()));

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCode.SERVICE_FAILED.code());
    wm.verify(3, putRequestedFor(urlPathEqualTo("/storage/part-2")));
    wm.verify(deleteRequestedFor(urlPathEqualTo("/api/v1/builds/upload")));
    assertThat(result.stdout())
        .contains("Storage accepted part 2 but sent no ETag header, 3 times")
        .contains("A proxy between the runner and storage may strip the header.");
  }

  @Test
  void partsFinishingOutOfOrderAreCompletedSorted() {
    IntStream.of(2, 3, 4, 5).forEach(MultipartUploadTest::stubPart);
    wm.stubFor(
        put(urlPathEqualTo("/storage/part-1"))
            .willReturn(ok().withHeader("ETag", "\"etag-1\"").withFixedDelay(700)));

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    List<ServeEvent> puts =
        wm.getAllServeEvents().stream()
            .filter(e -> e.getRequest().getMethod().getName().equals("PUT"))
            .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate()))
            .toList();
    ServeEvent first =
        puts.stream()
            .filter(e -> e.getRequest().getUrl().startsWith("/storage/part-1"))
            .findFirst()
            .orElseThrow();
    ServeEvent fifth =
        puts.stream()
            .filter(e -> e.getRequest().getUrl().startsWith("/storage/part-5"))
            .findFirst()
            .orElseThrow();
    assertThat(fifth.getRequest().getLoggedDate())
        .as("part 5 started while part 1 was still going")
        .isBefore(new Date(first.getRequest().getLoggedDate().getTime() + 700));
    wm.verify(
        postRequestedFor(urlPathEqualTo("/api/v1/builds/upload/complete"))
            .withRequestBody(equalToJson(completeBody())));
  }

  @Test
  void atMostUploadParallelismPartsAreInFlight() {
    IntStream.rangeClosed(1, PARTS)
        .forEach(
            part ->
                wm.stubFor(
                    put(urlPathEqualTo("/storage/part-" + part))
                        .willReturn(
                            ok().withHeader("ETag", "\"etag-" + part + "\"").withFixedDelay(300))));
    stubPartUrls("1,2,3", 1, 2, 3);
    stubPartUrls("4,5", 4, 5);
    action.input("upload-parallelism", "2");

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    List<ServeEvent> puts =
        wm.getAllServeEvents().stream()
            .filter(e -> e.getRequest().getMethod().getName().equals("PUT"))
            .toList();
    for (ServeEvent event : puts) {
      long start = event.getRequest().getLoggedDate().getTime();
      long overlapping =
          puts.stream()
              .filter(
                  other -> {
                    long otherStart = other.getRequest().getLoggedDate().getTime();
                    return otherStart <= start && start < otherStart + 300;
                  })
              .count();
      assertThat(overlapping)
          .as("parts in flight when %s started", event.getRequest().getUrl())
          .isLessThanOrEqualTo(2);
    }
  }

  @Test
  void cancellingDuringTheUploadAbortsItAtOnce() {
    IntStream.of(1, 3, 4, 5).forEach(MultipartUploadTest::stubPart);
    wm.stubFor(
        put(urlPathEqualTo("/storage/part-2"))
            .willReturn(ok().withHeader("ETag", "\"etag-2\"").withFixedDelay(30_000)));
    var cancellation = new Cancellation();
    // Cancelled while part 2 is in flight (not after a fixed time: a busy machine may not have
    // reserved the upload by then).
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    timer.scheduleWithFixedDelay(
        () -> {
          if (!wm.findAll(putRequestedFor(urlPathEqualTo("/storage/part-2"))).isEmpty()) {
            cancellation.cancel("TERM");
          }
        },
        20,
        20,
        TimeUnit.MILLISECONDS);
    long start = System.nanoTime();

    Result result = action.cancellation(cancellation).run();

    timer.shutdownNow();
    assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCode.SIGTERM.code());
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("an in-flight part does not hold up the abort")
        .isLessThan(Duration.ofSeconds(20));
    wm.verify(
        deleteRequestedFor(urlPathEqualTo("/api/v1/builds/upload"))
            .withQueryParam("upload_id", equalTo("up-1")));
    wm.verify(0, postRequestedFor(urlPathEqualTo("/api/v1/builds/upload/complete")));
    assertThat(result.outputs()).containsEntry("result", "cancelled");
  }

  // --- helpers ---

  static void stubPart(int part) {
    wm.stubFor(
        put(urlPathEqualTo("/storage/part-" + part))
            .willReturn(ok().withHeader("ETag", "\"etag-" + part + "\"")));
  }

  static void stubPartUrls(String query, int... parts) {
    String urls =
        Arrays.stream(parts)
            .mapToObj(
                p ->
                    "{\"part_number\": %d, \"url\": \"%s/storage/part-%d?X-Amz-Signature=secret%d\"}"
                        .formatted(p, wm.baseUrl(), p, p))
            .collect(Collectors.joining(","));
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/builds/upload/parts"))
            .withQueryParam("part_numbers", equalTo(query))
            .withQueryParam("upload_id", equalTo("up-1"))
            .withQueryParam("object_key", equalTo("k1/game.apk"))
            .willReturn(okJson("{\"upload_urls\": [" + urls + "]}")));
  }

  static void stubPartUrls(String query, RawStorage storage, int... parts) {
    String urls =
        Arrays.stream(parts)
            .mapToObj(p -> "{\"part_number\": %d, \"url\": \"%s\"}".formatted(p, storage.url(p)))
            .collect(Collectors.joining(","));
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/builds/upload/parts"))
            .withQueryParam("part_numbers", equalTo(query))
            .willReturn(okJson("{\"upload_urls\": [" + urls + "]}")));
  }

  static String completeBody() {
    String parts =
        IntStream.rangeClosed(1, PARTS)
            .mapToObj(p -> "{\"part_number\": %d, \"etag\": \"\\\"etag-%d\\\"\"}".formatted(p, p))
            .collect(Collectors.joining(","));
    return "{\"build_id\": \"%s\", \"upload_id\": \"up-1\", \"object_key\": \"k1/game.apk\", \"parts\": [%s]}"
        .formatted(BUILD, parts);
  }

  static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(7).nextBytes(bytes);
    return bytes;
  }
}
