package io.github.nunuaction.runs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.nunuaction.ExitCode;
import io.github.nunuaction.testing.ActionHarness;
import io.github.nunuaction.testing.ActionHarness.Result;
import io.github.nunuaction.testing.Stubs;
import io.github.nunuaction.testing.VirtualClock;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Polling when the API misbehaves: what is tolerated, what ends the wait, and what is cleaned up.
 */
class PollingFaultsTest {
  static final String JOB = "f80f6230-3a4f-431a-9d55-d11b867fed4e";
  static final String JOB_PATH = "/api/v1/jobs/" + JOB;

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @TempDir Path workspace;
  ActionHarness action;

  @BeforeEach
  void setUp() {
    action =
        new ActionHarness(
                workspace,
                URI.create(wm.baseUrl() + "/api/v1"),
                URI.create(wm.baseUrl()),
                "nunu_test_key",
                new VirtualClock())
            .input("test-id", "a5060a07-d386-4269-98ce-b33fb894201e")
            .input("deployment-config-id", "456e7890-e89b-12d3-a456-426614174000");
    wm.stubFor(
        post("/api/v1/runs")
            .willReturn(okJson("{\"job_ids\": [\"" + JOB + "\"]}").withStatus(201)));
    wm.stubFor(
        post("/api/v1/runs/stop")
            .willReturn(
                okJson(
                    """
        {"ok": true, "message": "Successfully stopped 1 job(s)", "received_count": 1, "stopped_count": 1,
         "results": [{"job_id": "%s", "ok": true, "status": 200, "message": "Job stopped"}]}"""
                        .formatted(JOB))));
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/runs/lkkg6t5612m"))
            .willReturn(
                okJson(
                    """
        {"multiplayer_run_id": "lkkg6t5612m", "state": "COMPLETED", "result": "SUCCESS", "test": {"name": "Smoke"}, "players": []}""")));
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/runs/lkkg6t5612m/bugs")).willReturn(okJson("{\"data\": []}")));
  }

  @Test
  void aFewFailedPollsInARowAreTolerated() {
    // The first poll fails all five attempts, the second after two; the third sees the job done.
    var answers = new ArrayList<ResponseDefinitionBuilder>();
    for (int i = 0; i < 5; i++) {
      answers.add(
          aResponse().withStatus(503).withBody("<html><body>Service Unavailable</body></html>"));
    }
    answers.add(aResponse().withStatus(502));
    answers.add(aResponse().withStatus(504));
    answers.add(okJson(job("RUNNING", "null")));
    answers.add(okJson(job("COMPLETED", "\"SUCCESS\"")));
    Stubs.sequence(
        wm, () -> get(urlPathEqualTo(JOB_PATH)), answers.toArray(ResponseDefinitionBuilder[]::new));

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(result.outputs()).containsEntry("result", "success").containsEntry("passed", "1");
    assertThat(result.stdout())
        .contains(
            "Polling job "
                + JOB
                + " failed (1 of 3 tolerated in a row): Could not get job "
                + JOB
                + ": HTTP 503 (non-JSON answer: Service Unavailable) after 5 attempts.");
    wm.verify(9, getRequestedFor(urlPathEqualTo(JOB_PATH)));
  }

  @Test
  void persistentFailuresEndTheWaitWithExit3AndStopTheRuns() {
    wm.stubFor(
        get(urlPathEqualTo(JOB_PATH))
            .willReturn(
                aResponse().withStatus(500).withBody("{\"error\": \"database unavailable\"}")));

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCode.SERVICE_FAILED.code());
    wm.verify(3 * 5, getRequestedFor(urlPathEqualTo(JOB_PATH)));
    wm.verify(
        postRequestedFor(urlPathEqualTo("/api/v1/runs/stop"))
            .withRequestBody(equalToJson("{\"job_ids\": [\"" + JOB + "\"]}")));
    assertThat(result.outputs())
        .containsEntry("result", "error")
        .containsEntry("job-ids", "[\"" + JOB + "\"]");
    assertThat(result.stdout())
        .contains(
            "::error title=nunu-action failed::Could not get job "
                + JOB
                + ": HTTP 500 (database unavailable) after 5 attempts. The server failed; retries did not help.");
    assertThat(result.summary())
        .startsWith("## ⚠️ nunu.ai: errors, 0 passed, 0 failed, 1 unfinished, 0 bugs");
  }

  @Test
  void aRefusalThatCannotHealEndsTheWaitAtOnce() {
    wm.stubFor(
        get(urlPathEqualTo(JOB_PATH))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withBody(
                        "{\"error\": \"API key missing required permission: project:read-runs\"}")));

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCode.SERVICE_FAILED.code());
    wm.verify(1, getRequestedFor(urlPathEqualTo(JOB_PATH)));
    assertThat(result.stdout())
        .contains(
            "Give the API key the 'project:read-runs' permission (nunu, Project Admin, API Keys)");
  }

  @Test
  void aPartialStopAtTheTimeoutIsReported() {
    wm.stubFor(get(urlPathEqualTo(JOB_PATH)).willReturn(okJson(job("RUNNING", "null"))));
    wm.stubFor(
        post("/api/v1/runs/stop")
            .willReturn(
                okJson(
                        """
        {"ok": false, "message": "Stopped 0/1 job(s)", "received_count": 1, "stopped_count": 0,
         "results": [{"job_id": "%s", "ok": false, "status": 500, "error": "Job already completed"}]}"""
                            .formatted(JOB))
                    .withStatus(207)));

    Result result = action.input("timeout-minutes", "1").run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
    assertThat(result.outputs()).containsEntry("result", "timeout");
    assertThat(result.stdout())
        .contains("Stopped 0 of 1 job(s) because timeout-minutes ran out.")
        .contains("Job " + JOB + " was not stopped: Job already completed");
  }

  static String job(String status, String result) {
    String runs =
        status.equals("QUEUED")
            ? "[]"
            : """
        [{"multiplayer_run_id": "lkkg6t5612m", "state": "%s", "result": %s, "started_at": "2026-03-03T15:50:23Z", "players": 1}]"""
                .formatted(status.equals("COMPLETED") ? "COMPLETED" : "RUNNING", result);
    return """
        {"job_id": "%s", "status": "%s", "test_name": "Smoke", "queue_rejection_reason": null,
         "retries": {"total": 0, "remaining": 0}, "runs": %s}"""
        .formatted(JOB, status, runs);
  }
}
