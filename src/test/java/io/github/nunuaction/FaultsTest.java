package io.github.nunuaction;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
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

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.nunuaction.core.Cancellation;
import io.github.nunuaction.http.Timeouts;
import io.github.nunuaction.testing.ActionHarness;
import io.github.nunuaction.testing.ActionHarness.Result;
import io.github.nunuaction.testing.Leaks;
import io.github.nunuaction.testing.Stubs;
import io.github.nunuaction.testing.VirtualClock;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the API and storage can do wrong, one test each: the action recovers, or fails cleanly (the
 * right exit code, the upload aborted or the runs stopped, outputs and summary written). After
 * every one, nothing it printed or wrote holds the key or a presigned URL's signature.
 */
class FaultsTest {
  static final String KEY = "nunu_secret_fault_key_71c2aa";
  static final String SIGNATURE = "sig-5ecret-d0e4b1";
  static final String BUILD = "123e4567-e89b-12d3-a456-426614174000";
  static final String JOB = "f80f6230-3a4f-431a-9d55-d11b867fed4e";
  static final String RUN = "lkkg6t5612m";

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @TempDir Path workspace;
  VirtualClock clock = new VirtualClock();
  ActionHarness action;

  @BeforeEach
  void happyPath() {
    action =
        new ActionHarness(
                workspace,
                URI.create(wm.baseUrl() + "/api/v1"),
                URI.create(wm.baseUrl()),
                KEY,
                clock)
            .input("build-file", "game.apk")
            .input("test-id", "a5060a07-d386-4269-98ce-b33fb894201e")
            .input("deployment-config-id", "456e7890-e89b-12d3-a456-426614174000")
            .env("RUNNER_DEBUG", "1")
            .timeouts(new Timeouts(Duration.ofSeconds(2), Duration.ofMillis(700)));
    action.file("game.apk", EndToEndTest.randomBytes(10_000));
    wm.stubFor(Stubs.noIdenticalBuild());
    wm.stubFor(
        post("/api/v1/builds/upload")
            .willReturn(
                okJson(
                    """
        {"upload_type": "single-part", "build_id": "%s", "object_key": "k/game.apk",
         "upload_url": "%s/storage/build?X-Amz-Expires=3600&X-Amz-Signature=%s"}"""
                        .formatted(BUILD, wm.baseUrl(), SIGNATURE))));
    wm.stubFor(put(urlPathEqualTo("/storage/build")).willReturn(ok().withHeader("ETag", "\"e1\"")));
    wm.stubFor(
        post("/api/v1/builds/upload/complete").willReturn(okJson("{\"status\": \"success\"}")));
    wm.stubFor(
        delete(urlPathEqualTo("/api/v1/builds/upload")).willReturn(okJson("{\"success\": true}")));
    wm.stubFor(
        post("/api/v1/runs")
            .willReturn(okJson("{\"job_ids\": [\"" + JOB + "\"]}").withStatus(201)));
    wm.stubFor(
        get("/api/v1/jobs/" + JOB).willReturn(okJson(job("COMPLETED", "\"SUCCESS\"", null))));
    wm.stubFor(
        get("/api/v1/runs/" + RUN)
            .willReturn(
                okJson(
                    """
        {"multiplayer_run_id": "%s", "state": "COMPLETED", "result": "SUCCESS", "test": {"name": "Smoke"}, "duration_ms": 1000,
         "players": [{"id": "%s-1", "player_number": 1, "result": "SUCCESS", "steps": [], "artifacts": []}]}"""
                        .formatted(RUN, RUN))));
    wm.stubFor(
        get("/api/v1/runs/" + RUN + "/bugs")
            .willReturn(okJson("{\"data\": [], \"pagination\": {}}")));
    wm.stubFor(
        post("/api/v1/runs/stop")
            .willReturn(
                okJson(
                    """
        {"ok": true, "stopped_count": 1, "results": [{"job_id": "%s", "ok": true, "status": 200}]}"""
                        .formatted(JOB))));
  }

  Result result;

  @AfterEach
  void nothingLeaked() {
    if (result != null) {
      Leaks.assertNone(result, KEY, List.of(SIGNATURE));
    }
  }

  // --- refusals: clean failures that say what to fix ---

  @Test
  void aRejectedKeyFailsBeforeAnythingIsReserved() {
    wm.stubFor(
        post("/api/v1/builds/upload").willReturn(json(401, "{\"error\": \"Invalid API key\"}")));
    result = action.run();

    cleanFailure(
        "Could not reserve the build upload: HTTP 401 (Invalid API key). The API key was not accepted: check the secret passed as api-key.");
    wm.verify(0, putRequestedFor(urlPathEqualTo("/storage/build")));
    wm.verify(0, deleteRequestedFor(urlPathEqualTo("/api/v1/builds/upload")));
  }

  @Test
  void aMissingPermissionIsNamed() {
    wm.stubFor(
        post("/api/v1/runs")
            .willReturn(
                json(
                    403,
                    "{\"error\": \"API key missing required permission: project:operate-runs\"}")));
    result = action.run();

    cleanFailure(
        "Give the API key the 'project:operate-runs' permission (nunu, Project Admin, API Keys)");
    assertThat(result.outputs())
        .as("the build was uploaded before the refusal")
        .containsEntry("build-id", BUILD);
  }

  @Test
  void anExpiredKeyIsExplained() {
    wm.stubFor(
        post("/api/v1/builds/upload").willReturn(json(403, "{\"error\": \"API key expired\"}")));
    result = action.run();
    cleanFailure(
        "The API key has expired: create a new key in nunu and update the secret passed as api-key.");
  }

  /** API.md 2.1.1: the documented 402 body, with its details, read into the advice. */
  @Test
  void aFullStorageQuotaSaysHowFullAndPointsAtAutoDelete() throws Exception {
    wm.stubFor(
        post("/api/v1/builds/upload")
            .willReturn(
                json(
                    402,
                    Files.readString(
                        Path.of("src/test/resources/api-examples/initiate-upload-402.json")))));
    result = action.run();
    cleanFailure(
        "HTTP 402 (Storage capacity exceeded). Build storage is full (10.00 GiB of 10.00 GiB used,"
            + " this build needs 500.0 MiB): delete old builds in nunu, or set build-auto-delete:"
            + " true.");
  }

  /** The same status from start-run is the run quota, not build storage: said by the endpoint. */
  @Test
  void a402OnStartingSaysTheRunQuotaIsUsedUp() {
    wm.stubFor(
        post("/api/v1/runs")
            .willReturn(
                json(402, "{\"error\": \"Quota exceeded\", \"code\": \"QUOTA_EXCEEDED\"}")));
    result = action.run();
    cleanFailure(
        "Could not start the run: HTTP 402 (Quota exceeded). nunu's quota for runs is used up: wait"
            + " for running tests to finish, or raise the project's quota in nunu.");
    assertThat(result.stdout()).doesNotContain("Build storage is full");
  }

  @Test
  void anUnknownTestSaysWhichIdsToCheck() {
    wm.stubFor(
        post("/api/v1/runs").willReturn(json(404, "{\"error\": \"multiplayer test not found\"}")));
    result = action.run();
    cleanFailure(
        "Could not start the run: HTTP 404 (multiplayer test not found). Check test-id / test-plan-id, deployment-config-id");
  }

  @Test
  void anUnknownDeploymentConfigSaysWhichIdsToCheck() {
    wm.stubFor(
        post("/api/v1/runs").willReturn(json(404, "{\"error\": \"deployment config not found\"}")));
    result = action.run();
    cleanFailure(
        "HTTP 404 (deployment config not found). Check test-id / test-plan-id, deployment-config-id and the build");
  }

  @Test
  void aBuildTooLargeForNunu() {
    wm.stubFor(
        post("/api/v1/builds/upload").willReturn(json(413, "{\"error\": \"Payload too large\"}")));
    result = action.run();
    cleanFailure(
        "HTTP 413 (Payload too large). The request is larger than nunu accepts; check the build file's size.");
  }

  // --- transient trouble: recovered ---

  @Test
  void tooManyRequestsWithRetryAfterInSecondsIsWaitedOut() {
    Stubs.sequence(
        wm,
        () -> get("/api/v1/jobs/" + JOB),
        aResponse().withStatus(429).withHeader("Retry-After", "9"),
        okJson(job("COMPLETED", "\"SUCCESS\"", null)));
    result = action.run();

    succeeded();
    assertThat(clock.slept()).isEqualTo(Duration.ofSeconds(9));
  }

  @Test
  void tooManyRequestsWithRetryAfterAsADateIsWaitedOut() {
    String in12Seconds =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            clock.now().plusSeconds(12).atZone(ZoneOffset.UTC));
    Stubs.sequence(
        wm,
        () -> post("/api/v1/builds/upload"),
        aResponse().withStatus(429).withHeader("Retry-After", in12Seconds),
        okJson(
            """
            {"upload_type": "single-part", "build_id": "%s", "object_key": "k/game.apk",
             "upload_url": "%s/storage/build?X-Amz-Signature=%s"}"""
                .formatted(BUILD, wm.baseUrl(), SIGNATURE)));
    result = action.run();

    succeeded();
    assertThat(clock.slept()).isEqualTo(Duration.ofSeconds(12));
  }

  @Test
  void aBurstOfServerErrorsIsRetried() {
    Stubs.sequence(
        wm,
        () -> get("/api/v1/runs/" + RUN),
        aResponse().withStatus(500),
        aResponse().withStatus(502).withBody("<html><h1>Bad Gateway</h1></html>"),
        aResponse().withStatus(503),
        aResponse().withStatus(504),
        okJson(
            "{\"multiplayer_run_id\": \"" + RUN + "\", \"result\": \"SUCCESS\", \"players\": []}"));
    result = action.run();

    succeeded();
    wm.verify(5, getRequestedFor(urlPathEqualTo("/api/v1/runs/" + RUN)));
  }

  @Test
  void aConnectionResetIsRetried() {
    Stubs.sequence(
        wm,
        () -> post("/api/v1/builds/upload/complete"),
        aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
        okJson("{\"status\": \"success\"}"));
    result = action.run();

    succeeded();
    wm.verify(2, postRequestedFor(urlPathEqualTo("/api/v1/builds/upload/complete")));
  }

  @Test
  void aReadTimeoutIsRetried() {
    Stubs.sequence(
        wm,
        () -> get("/api/v1/jobs/" + JOB),
        okJson(job("COMPLETED", "\"SUCCESS\"", null)).withFixedDelay(2_500),
        okJson(job("COMPLETED", "\"SUCCESS\"", null)));
    result = action.run();

    succeeded();
    assertThat(result.stdout())
        .contains("Retrying: get job " + JOB + " failed with a timeout; attempt 2 of 5");
  }

  // --- answers we cannot use: clean failures ---

  @Test
  void malformedJsonFromStartRun() {
    wm.stubFor(
        post("/api/v1/runs")
            .willReturn(aResponse().withStatus(201).withBody("{\"job_ids\": [\"f80f")));
    result = action.run();

    cleanFailure(
        "Could not start the run: the answer (HTTP 201) could not be read: it is not JSON.");
    wm.verify(1, postRequestedFor(urlPathEqualTo("/api/v1/runs")));
  }

  @Test
  void anHtmlErrorPageIsReportedAsSuch() {
    wm.stubFor(
        post("/api/v1/builds/upload")
            .willReturn(
                aResponse()
                    .withStatus(502)
                    .withBody(
                        "<!DOCTYPE html><html><head><style>body{}</style></head><body><h1>502 Bad Gateway</h1><p>cloudflare</p></body></html>")));
    result = action.run();

    cleanFailure(
        "Could not reserve the build upload: HTTP 502 (non-JSON answer: 502 Bad Gateway cloudflare) after 5 attempts.");
    wm.verify(5, postRequestedFor(urlPathEqualTo("/api/v1/builds/upload")));
  }

  @Test
  void anAnswerWithoutTheNeededFields() {
    wm.stubFor(post("/api/v1/builds/upload").willReturn(okJson("{\"message\": \"ok\"}")));
    result = action.run();
    cleanFailure(
        "Could not reserve the build upload: the answer (HTTP 200) could not be read: build_id or object_key is missing.");
  }

  @Test
  void aStartRunThatTimesOutIsNotSentTwice() {
    wm.stubFor(
        post("/api/v1/runs")
            .willReturn(
                okJson("{\"job_ids\": [\"" + JOB + "\"]}").withStatus(201).withFixedDelay(3_000)));
    result = action.run();

    cleanFailure(
        "no answer from localhost:"
            + wm.getPort()
            + " (a timeout). Check that the runner can reach");
    assertThat(result.stdout())
        .contains("The runs may have started anyway: look in nunu (Runs page");
    wm.verify(1, postRequestedFor(urlPathEqualTo("/api/v1/runs")));
  }

  /** API.md 2.2.1: a 5xx from start-run may still have started runs; it is not sent again. */
  @Test
  void aStartRunAnsweredWithAServerErrorSaysTheRunsMayHaveStarted() {
    wm.stubFor(post("/api/v1/runs").willReturn(json(502, "{\"error\": \"Bad Gateway\"}")));
    result = action.run();

    cleanFailure("Could not start the run: HTTP 502 (Bad Gateway).");
    assertThat(result.stdout())
        .contains(
            "The runs may have started anyway: look in nunu (Runs page, runs started just now by"
                + " this API key) and stop them or wait for them before running the workflow"
                + " again, so as not to start them twice.");
    wm.verify(1, postRequestedFor(urlPathEqualTo("/api/v1/runs")));
  }

  /**
   * API.md 4.2: a rejected job is waited for until COMPLETED, within the timeout. This one stays
   * QUEUED although it was stopped: the timeout ends the wait and stops it again.
   */
  @Test
  void aRejectedJobThatNeverCompletesIsStoppedAndEndsAtTheTimeout() {
    wm.stubFor(
        get("/api/v1/jobs/" + JOB)
            .willReturn(okJson(job("QUEUED", "null", "\"no device in pool android-prod\""))));
    result = action.input("timeout-minutes", "5").run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
    assertThat(result.outputs()).containsEntry("result", "timeout").containsEntry("errored", "1");
    assertThat(result.stdout())
        .contains(
            "was rejected by the nunu queue: no device in pool android-prod. It counts as an error")
        .contains("Stopped 1 of 1 job(s) because the nunu queue rejected it.")
        .contains("Stopped 1 of 1 job(s) because timeout-minutes ran out.");
    wm.verify(2, postRequestedFor(urlPathEqualTo("/api/v1/runs/stop")));
  }

  @Test
  void storageRefusingTheSinglePartUploadAbortsIt() {
    wm.stubFor(
        put(urlPathEqualTo("/storage/build"))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withBody(
                        "<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match</Message></Error>")));
    result = action.run();

    cleanFailure(
        "Could not upload the build to storage: HTTP 403 (SignatureDoesNotMatch: The request signature we calculated does not match).");
    wm.verify(deleteRequestedFor(urlPathEqualTo("/api/v1/builds/upload")));
    wm.verify(0, postRequestedFor(urlPathEqualTo("/api/v1/runs")));
  }

  @Test
  void anUploadThatExpiredBeforeCompletion() {
    wm.stubFor(
        post("/api/v1/builds/upload/complete")
            .willReturn(
                json(404, "{\"error\": \"Upload not found\", \"code\": \"UPLOAD_NOT_FOUND\"}")));
    result = action.run();

    cleanFailure(
        "HTTP 404 (Upload not found). The upload was not found: it may have expired (raise build-upload-timeout) or been cancelled.");
    wm.verify(getRequestedFor(urlPathEqualTo("/api/v1/builds/" + BUILD)));
    wm.verify(deleteRequestedFor(urlPathEqualTo("/api/v1/builds/upload")));
  }

  /**
   * API.md 5.5: completing is not documented as idempotent. The first attempt completed the upload
   * but its answer was lost; the retry is refused with 404; the build, asked for, is OK.
   */
  @Test
  void aCompletionWhoseAnswerWasLostIsCheckedAndTheBuildKept() throws Exception {
    Stubs.sequence(
        wm,
        () -> post("/api/v1/builds/upload/complete"),
        aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
        json(404, "{\"error\": \"Upload not found\", \"code\": \"UPLOAD_NOT_FOUND\"}"));
    String build = Files.readString(Path.of("src/test/resources/api-examples/get-build.json"));
    wm.stubFor(
        get("/api/v1/builds/" + BUILD)
            .willReturn(okJson(build.replace("123e4567-e89b-12d3-a456-426614174000", BUILD))));
    result = action.run();

    succeeded();
    assertThat(result.stdout())
        .contains("Completing the upload failed (HTTP 404), but nunu lists build " + BUILD);
    wm.verify(2, postRequestedFor(urlPathEqualTo("/api/v1/builds/upload/complete")));
    wm.verify(0, deleteRequestedFor(urlPathEqualTo("/api/v1/builds/upload")));
  }

  @Test
  void anApiThatEchoesSecretsHasThemScrubbed() {
    wm.stubFor(
        post("/api/v1/runs")
            .willReturn(
                json(
                    400,
                    """
        {"error": "bad request from key %s for %s/storage/build?X-Amz-Signature=%s"}"""
                        .formatted(KEY, wm.baseUrl(), SIGNATURE))));
    result = action.run();

    cleanFailure("HTTP 400 (bad request from key *** for http");
    assertThat(result.stdout()).contains("/storage/build?***");
  }

  @Test
  void cancellationWhileStoppingIsPartialIsReported() {
    wm.stubFor(get("/api/v1/jobs/" + JOB).willReturn(okJson(job("RUNNING", "null", null))));
    wm.stubFor(
        post("/api/v1/runs/stop")
            .willReturn(
                okJson(
                        """
        {"ok": false, "stopped_count": 0, "results": [{"job_id": "%s", "ok": false, "status": 500, "error": "Job already completed"}]}"""
                            .formatted(JOB))
                    .withStatus(207)));
    var cancellation = new Cancellation();
    action.cancellation(cancellation).env("RUNNER_DEBUG", null);
    Thread.ofVirtual()
        .start(
            () -> {
              while (wm.findAll(getRequestedFor(urlPathEqualTo("/api/v1/jobs/" + JOB))).isEmpty()) {
                Thread.onSpinWait();
              }
              cancellation.cancel("TERM");
            });
    result = action.run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCode.SIGTERM.code());
    assertThat(result.stdout()).contains("Job " + JOB + " was not stopped: Job already completed");
    assertThat(result.outputs()).containsEntry("result", "cancelled");
  }

  // --- helpers ---

  private void cleanFailure(String message) {
    assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCode.SERVICE_FAILED.code());
    assertThat(result.stdout()).contains("::error title=nunu-action failed::").contains(message);
    assertThat(result.outputs())
        .containsEntry("result", "error")
        .containsKeys("build-id", "job-ids", "results-file", "junit-file");
    assertThat(result.summary()).startsWith("## ⚠️ nunu.ai:").contains("> [!WARNING]");
    assertThat(result.resultsFile("results.json")).contains("\"result\" : \"error\"");
  }

  private void succeeded() {
    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(result.outputs())
        .containsEntry("result", "success")
        .containsEntry("build-id", BUILD)
        .containsEntry("passed", "1");
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  static String job(String status, String result, String rejection) {
    String runs =
        status.equals("QUEUED")
            ? "[]"
            : """
        [{"multiplayer_run_id": "%s", "state": "%s", "result": %s, "started_at": "2026-03-03T15:50:23Z", "players": 1}]"""
                .formatted(RUN, status, result);
    return """
        {"job_id": "%s", "status": "%s", "test_name": "Smoke", "queue_rejection_reason": %s,
         "retries": {"total": 0, "remaining": 0}, "runs": %s}"""
        .formatted(JOB, status, rejection, runs);
  }
}
