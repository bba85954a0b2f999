package io.github.nunuaction.runs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nunuaction.core.Json;
import io.github.nunuaction.simulator.NunuSimulator;
import io.github.nunuaction.simulator.NunuSimulator.Recorded;
import io.github.nunuaction.simulator.SimTest;
import io.github.nunuaction.testing.ActionHarness;
import io.github.nunuaction.testing.ActionHarness.Result;
import io.github.nunuaction.testing.Tags;
import io.github.nunuaction.testing.VirtualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Starting, waiting and reporting, in-process against the simulator, on a virtual clock. */
class RunsTest {
  static final String CONFIG = NunuSimulator.DEPLOYMENT_CONFIG;
  @TempDir Path workspace;
  NunuSimulator nunu;
  VirtualClock clock = new VirtualClock();
  ActionHarness action;

  @BeforeEach
  void start() throws Exception {
    nunu = NunuSimulator.start();
    action =
        new ActionHarness(
                workspace, nunu.apiUrl(), nunu.artifactsUrl(), NunuSimulator.API_KEY, clock)
            .input("deployment-config-id", CONFIG);
  }

  @AfterEach
  void stop() {
    nunu.close();
  }

  /** API.md 2.2.1: a single test gives one job; its instances are runs of that job. */
  @Test
  void instancesAreRunsOfOneJobAndNoneOfThemIsShownAsRetried() {
    Result result =
        action
            .input("test-id", NunuSimulator.TEST_PASS)
            .input("retries", "2")
            .input("instances", "3")
            .run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(startRequest())
        .isEqualTo(
            json(
                """
        {"multiplayer_test_id": "%s", "retries": 2, "instances": 3, "deployment_config_id": "%s"}"""
                    .formatted(NunuSimulator.TEST_PASS, CONFIG)));
    assertThat(nunu.jobIds()).hasSize(1);
    assertThat(nunu.runIds()).hasSize(3);
    assertThat(result.outputs())
        .containsEntry("job-ids", Json.stringArray(nunu.jobIds()))
        .containsEntry("run-ids", Json.stringArray(nunu.runIds()))
        .containsEntry("passed", "3");
    assertThat(result.summary()).doesNotContain("retried").doesNotContain("↻");
    JsonNode runs = json(result.resultsFile("results.json")).at("/jobs/0/runs");
    assertThat(runs)
        .extracting(run -> run.get("counted").asBoolean())
        .containsOnly(true)
        .hasSize(3);
  }

  /**
   * API.md 4.2: only execution failures are retried, from the job's retries; the runs they replaced
   * are the earliest execution failures, and every instance still counts once.
   */
  @Test
  void withInstancesAndRetriesOnlyTheReplacedRunIsNotCounted() {
    nunu.addTest(
        SimTest.ending("22222222-2222-4333-8444-555555555555", "Raid with friends", "ERROR")
            .withResults("ERROR", "SUCCESS"));
    Result result =
        action
            .input("test-id", "22222222-2222-4333-8444-555555555555")
            .input("instances", "2")
            .input("retries", "1")
            .run();

    // Two instances end in ERROR; the one retry replaces the first, which then passes.
    assertThat(nunu.runIds()).hasSize(3);
    assertThat(result.outputs())
        .containsEntry("passed", "1")
        .containsEntry("errored", "1")
        .containsEntry("result", "error");
    assertThat(result.summary()).containsOnlyOnce("(retried)");
    JsonNode runs = json(result.resultsFile("results.json")).at("/jobs/0/runs");
    assertThat(runs)
        .extracting(run -> run.get("result").asText() + " counted=" + run.get("counted"))
        .containsExactly("ERROR counted=false", "ERROR counted=true", "SUCCESS counted=true");
  }

  /** API.md 2.2.1: FAILED, BLOCKED and SKIPPED are verdicts, final whatever retries remain. */
  @Test
  void aFailedVerdictIsNotRetried() {
    nunu.addTest(
        SimTest.failing(
                "33333333-2222-4333-8444-555555555555", "Shop opens", "The shop stayed shut.")
            .withResults("FAILED", "SUCCESS"));
    Result result =
        action.input("test-id", "33333333-2222-4333-8444-555555555555").input("retries", "2").run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
    assertThat(nunu.runIds()).hasSize(1);
    assertThat(result.outputs()).containsEntry("failed", "1").containsEntry("passed", "0");
  }

  @Test
  void aRetriedAttemptIsShownButOnlyTheLastOneCounts() {
    nunu.addTest(
        SimTest.ending("11111111-2222-4333-8444-555555555555", "Flaky boss fight", "ERROR")
            .withResults("ERROR", "SUCCESS"));
    Result result =
        action.input("test-id", "11111111-2222-4333-8444-555555555555").input("retries", "1").run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(result.outputs())
        .containsEntry("result", "success")
        .containsEntry("passed", "1")
        .containsEntry("errored", "0")
        .containsEntry("run-ids", Json.stringArray(nunu.runIds()));
    assertThat(nunu.runIds()).hasSize(2);
    assertThat(result.summary())
        .contains("| ↻ | Flaky boss fight | android-native · Pixel 8 (14) | ERROR (retried) |")
        .contains("| ✅ | Flaky boss fight |");
    JsonNode runs = json(result.resultsFile("results.json")).at("/jobs/0/runs");
    assertThat(runs.get(0).get("counted").asBoolean()).isFalse();
    assertThat(runs.get(1).get("counted").asBoolean()).isTrue();
  }

  @Test
  void instructionsWithAgentTagsTemplateDataAndOptions() {
    Result result =
        action
            .input("instructions", "Finish level 1 as {{hero}}")
            .input("run-name", "Hero run")
            .input("agent-config-id", NunuSimulator.AGENT_CONFIG)
            .input("tags", "nightly\nhero")
            .input("template-data", "{\"hero\": \"Ada\"}")
            .input("options", "{\"performance_monitoring\": true}")
            .run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(startRequest())
        .isEqualTo(
            json(
                """
        {"instructions": "Finish level 1 as {{hero}}", "name": "Hero run", "deployment_config_id": "%s",
         "agent_config_id": "%s", "additional_tags": ["nightly", "hero"], "render_templates": true,
         "template_data": {"hero": "Ada"}, "options": {"performance_monitoring": true}}"""
                    .formatted(CONFIG, NunuSimulator.AGENT_CONFIG)));
  }

  /** YAML as YAML means it: an alias is its anchor's value, a merge key adds what is not set. */
  @Test
  void mapInputsSendAliasesAsTheirAnchorsValueAndMergeKeysMerged() {
    Result result =
        action
            .input("test-id", NunuSimulator.TEST_PASS)
            .input(
                "template-data",
                """
                defaults: &defaults
                  hero: Ada
                  difficulty: hard
                level: &level 3
                run:
                  <<: *defaults
                  difficulty: easy
                  level: *level
                """)
            .run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(startRequest().get("template_data"))
        .isEqualTo(
            json(
                """
                {"defaults": {"hero": "Ada", "difficulty": "hard"}, "level": 3,
                 "run": {"difficulty": "easy", "level": 3, "hero": "Ada"}}"""));
  }

  /** Seed 001: agent_config_id is optional; the docs' id form (ac_default) is accepted. */
  @Test
  void anEphemeralTestWithoutAnAgentConfigOrWithTheDocumentedIdForm() {
    nunu.requireAgentConfigWithInstructions(false);
    Result without = action.input("instructions", "Open the shop").run();
    Result named = action.input("agent-config-id", NunuSimulator.DEFAULT_AGENT).run();

    assertThat(without.exitCode()).as(without.all()).isZero();
    assertThat(named.exitCode()).as(named.all()).isZero();
    List<Recorded> starts =
        nunu.requests().stream().filter(r -> r.path().endsWith("/runs")).toList();
    assertThat(starts.get(0).json().has("agent_config_id")).isFalse();
    assertThat(starts.get(1).json().get("agent_config_id").asText()).isEqualTo("ac_default");
  }

  /** The current spec requires it: when nunu refuses the start for want of it, the error says. */
  @Test
  void whenNunuWantsAnAgentConfigTheErrorSaysToSetIt() {
    Result result = action.input("instructions", "Open the shop").run();

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.stdout())
        .contains("agent_config_id is required with instructions")
        .contains("Set agent-config-id");
  }

  @ParameterizedTest
  @CsvSource({
    "SUCCESS, success, 1, 0, 0",
    "FAILED, failure, 0, 1, 0",
    "SKIPPED, failure, 0, 1, 0",
    "BLOCKED, failure, 0, 1, 0",
    "TIMEOUT, error, 0, 0, 1",
    "ERROR, error, 0, 0, 1",
    "STOPPED, error, 0, 0, 1",
    "MAX_STEPS, error, 0, 0, 1",
    "success, success, 1, 0, 0",
    "failure, failure, 0, 1, 0",
    "error, error, 0, 0, 1",
    "A_RESULT_FROM_THE_FUTURE, failure, 0, 1, 0"
  })
  void everyDocumentedResultValueCounts(
      String value, String verdict, String passed, String failed, String errored) {
    nunu.addTest(SimTest.ending("99999999-0000-4000-8000-000000000001", "Result " + value, value));
    Result result = action.input("test-id", "99999999-0000-4000-8000-000000000001").run();

    assertThat(result.outputs())
        .containsEntry("result", verdict)
        .containsEntry("passed", passed)
        .containsEntry("failed", failed)
        .containsEntry("errored", errored);
    assertThat(result.exitCode()).isEqualTo(verdict.equals("success") ? 0 : 1);
    assertThat(result.stdout().contains("a result this action does not know"))
        .isEqualTo(value.startsWith("A_RESULT"));
  }

  @ParameterizedTest
  @CsvSource({
    "failure, " + NunuSimulator.TEST_PASS + ", 0",
    "failure, " + NunuSimulator.TEST_FAIL + ", 1",
    "failure, " + NunuSimulator.TEST_ERROR + ", 1",
    "error, " + NunuSimulator.TEST_PASS + ", 0",
    "error, " + NunuSimulator.TEST_FAIL + ", 0",
    "error, " + NunuSimulator.TEST_ERROR + ", 1",
    "never, " + NunuSimulator.TEST_PASS + ", 0",
    "never, " + NunuSimulator.TEST_FAIL + ", 0",
    "never, " + NunuSimulator.TEST_ERROR + ", 0"
  })
  void failOnDecidesWhichResultsFailTheStep(String failOn, String testId, int exitCode) {
    Result result = action.input("test-id", testId).input("fail-on", failOn).run();
    assertThat(result.exitCode()).as(result.all()).isEqualTo(exitCode);
  }

  @Test
  void waitFalseReportsTheStartAndPollsNothing() {
    Result result =
        action.input("test-plan-id", NunuSimulator.TEST_PLAN).input("wait", "false").run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(result.outputs())
        .containsEntry("result", "started")
        .containsEntry("job-ids", Json.stringArray(nunu.jobIds()))
        .containsEntry("passed", "0")
        .containsEntry("failed", "0");
    assertThat(result.outputs().get("test-plan-execution-id")).matches("[0-9a-f-]{36}");
    assertThat(nunu.requestLines()).containsExactly("POST /api/v1/runs");
    assertThat(result.summary()).startsWith("## ▶️ nunu.ai: started 3 jobs, not waiting");
    assertThat(result.state())
        .containsEntry("job-ids", Json.stringArray(nunu.jobIds()))
        .containsEntry("finished", "true");
  }

  @ParameterizedTest
  @CsvSource({"true, 1", "false, 0"})
  void theTimeoutStopsTheRunsAndReportsTimeout(String failOnTimeout, int exitCode) {
    nunu.pollsBeforeCompletion(1_000_000);
    Result result =
        action
            .input("test-id", NunuSimulator.TEST_PASS)
            .input("timeout-minutes", "1")
            .input("fail-on-timeout", failOnTimeout)
            .run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(exitCode);
    String jobId = nunu.jobIds().get(0);
    assertThat(nunu.jobStopped(jobId)).isTrue();
    assertThat(result.outputs()).containsEntry("result", "timeout").containsEntry("passed", "0");
    assertThat(clock.slept()).isBetween(Duration.ofSeconds(60), Duration.ofSeconds(61));
    assertThat(result.stdout()).contains("Stopped 1 of 1 job(s) because timeout-minutes ran out.");
    assertThat(result.summary())
        .startsWith("## ⏱️ nunu.ai: timed out, 0 passed, 0 failed, 1 unfinished, 0 bugs")
        .contains("Timed out after 1 minutes (timeout-minutes) with 1 job(s) unfinished");
    assertThat(json(result.resultsFile("results.json")).at("/counts/unfinished").asInt())
        .isEqualTo(1);
  }

  /**
   * API.md 4.2: a rejected job is a failure; it is still waited for until COMPLETED. The action
   * stops it at once so that nothing of it runs; the simulator's rejected job completes once
   * stopped.
   */
  @Test
  void aJobTheQueueRejectedIsStoppedAndWaitedForUntilItCompletes() {
    nunu.addTest(
        SimTest.passing("77777777-0000-4000-8000-000000000007", "Needs a free device")
            .rejectedBecause("no device available"));
    Result result = action.input("test-id", "77777777-0000-4000-8000-000000000007").run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
    assertThat(result.outputs()).containsEntry("result", "error").containsEntry("errored", "1");
    String job = jobPath();
    assertThat(nunu.requestLines())
        .containsExactly("POST /api/v1/runs", job, "POST /api/v1/runs/stop", job);
    assertThat(nunu.jobStopped(nunu.jobIds().get(0))).isTrue();
    assertThat(result.stdout())
        .contains("Stopped 1 of 1 job(s) because the nunu queue rejected it.");
    assertThat(result.stdout())
        .contains("was rejected by the nunu queue: no device available")
        .contains("::error title=nunu%3A Needs a free device rejected::Job ");
    assertThat(result.summary())
        .contains("| ⚠️ | Needs a free device |  | REJECTED&#58; no device available |");
  }

  @Test
  void pollingCostsOneRequestPerPollPlusTheResultFetches() {
    nunu.pollsBeforeCompletion(5);
    Result result = action.input("test-id", NunuSimulator.TEST_PASS).run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    // Five polls see QUEUED, STARTING, RUNNING, RUNNING, RUNNING; the sixth sees COMPLETED.
    assertThat(nunu.requestLines())
        .containsExactly(
            "POST /api/v1/runs",
            jobPath(),
            jobPath(),
            jobPath(),
            jobPath(),
            jobPath(),
            jobPath(),
            // Its details say it found no bugs: they are not asked for.
            "GET /api/v1/runs/" + nunu.runIds().get(0));
    assertThat(clock.slept()).isBetween(Duration.ofSeconds(5 * 27), Duration.ofSeconds(5 * 33));
  }

  @Test
  void retryAfterFromTheApiSetsThePace() {
    nunu.retryAfter(7);
    Result result = action.input("test-id", NunuSimulator.TEST_PASS).run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(clock.slept()).isEqualTo(Duration.ofSeconds(3 * 7));
  }

  @Test
  void aHeartbeatAtLeastEveryMinuteWhilePollsAreFarApart() {
    nunu.pollsBeforeCompletion(2);
    Result result =
        action
            .input("test-id", NunuSimulator.TEST_PASS)
            .input("poll-interval-seconds", "600")
            .input("timeout-minutes", "120")
            .run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    long heartbeats =
        result
            .stdout()
            .lines()
            .filter(line -> line.startsWith("Still waiting for 1 of 1 jobs"))
            .count();
    assertThat(heartbeats)
        .as("one a minute over two pauses of about ten minutes")
        .isBetween(16L, 22L);
    assertThat(result.stdout())
        .contains("Still waiting for 1 of 1 jobs (QUEUED 1); 1m 0s elapsed, timeout in 1h 59m");
  }

  @Test
  void envelopedAndMvpStartAnswersAreUnderstood() {
    for (var style :
        List.of(NunuSimulator.StartRunStyle.ENVELOPE, NunuSimulator.StartRunStyle.MVP)) {
      nunu.startRunStyle(style);
      Result result = action.input("test-id", NunuSimulator.TEST_PASS).run();
      assertThat(result.exitCode()).as("%s: %s", style, result.all()).isZero();
      assertThat(result.outputs().get("job-ids"))
          .as(style.toString())
          .isEqualTo(Json.stringArray(List.of(nunu.jobIds().getLast())));
    }
  }

  @Test
  void testPlanExecutionCountsAreReported() {
    Result result = action.input("test-plan-id", NunuSimulator.TEST_PLAN).run();

    JsonNode execution = json(result.resultsFile("results.json")).get("test_plan_execution");
    assertThat(execution)
        .isEqualTo(
            json(
                """
        {"test_plan_name": "Simulated plan", "duration_ms": null, "status": "completed", "total_tests": 3,
         "passed": 2, "failed": 1, "skipped": null, "stopped": 0}"""));
    assertThat(result.summary())
        .contains("Ran test plan " + NunuSimulator.TEST_PLAN + " (Simulated plan)")
        .contains("Plan completed: 3 tests, 2 passed, 1 failed");
  }

  @Test
  void selectedArtifactsAreDownloadedAndTheKeyNeverFollowsARedirectToAnotherHost()
      throws Exception {
    Result result =
        action.input("test-id", NunuSimulator.TEST_PASS).input("download-artifacts", "all").run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    String runId = nunu.runIds().get(0);
    Path artifacts =
        workspace.resolve("nunu-results/artifacts").resolve(runId).resolve(runId + "-1");
    assertThat(Files.readString(artifacts.resolve("device_log.log")))
        .isEqualTo("log of " + runId + "-1\n");
    assertThat(Files.readString(artifacts.resolve("recording.mp4")))
        .isEqualTo("recording of recording.mp4");
    Recorded redirected =
        nunu.requests().stream()
            .filter(r -> r.path().equals("/storage/artifacts/recording.mp4"))
            .findFirst()
            .orElseThrow();
    assertThat(redirected.header("Host")).startsWith("localhost:");
    assertThat(redirected.header("X-Api-Key")).as("no key to another host").isNull();
    Recorded bouncer =
        nunu.requests().stream()
            .filter(
                r ->
                    r.path().endsWith("/artifacts/recording.mp4")
                        && r.path().startsWith("/bouncer/"))
            .findFirst()
            .orElseThrow();
    assertThat(bouncer.header("X-Api-Key")).isEqualTo(NunuSimulator.API_KEY);
    JsonNode downloaded =
        json(result.resultsFile("results.json")).at("/jobs/0/runs/0/players/0/artifacts");
    assertThat(downloaded.findValuesAsText("downloaded_to"))
        .containsExactly(
            "artifacts/" + runId + "/" + runId + "-1/recording.mp4",
            "artifacts/" + runId + "/" + runId + "-1/device_log.log");
  }

  @Test
  void aGlobSelectsArtifactsByName() throws Exception {
    Result result =
        action.input("test-id", NunuSimulator.TEST_PASS).input("download-artifacts", "*.log").run();

    String runId = nunu.runIds().get(0);
    Path artifacts =
        workspace.resolve("nunu-results/artifacts").resolve(runId).resolve(runId + "-1");
    assertThat(artifacts.resolve("device_log.log")).exists();
    assertThat(artifacts.resolve("recording.mp4")).doesNotExist();
    assertThat(result.stdout()).contains("Downloaded 1 artifact(s)");
  }

  @Test
  void thePostStepStopsRunsThatAKilledMainStepLeftBehind() {
    nunu.pollsBeforeCompletion(1_000_000);
    action.input("test-id", NunuSimulator.TEST_PASS).input("wait", "false").run();
    String jobId = nunu.jobIds().get(0);

    Result afterACleanEnd =
        action.runPost(Map.of("job-ids", Json.stringArray(List.of(jobId)), "finished", "true"));
    assertThat(nunu.jobStopped(jobId)).isFalse();
    assertThat(afterACleanEnd.stdout()).contains("nothing to clean up");

    Result afterAKill =
        action
            .env("STATE_finished", null)
            .runPost(Map.of("job-ids", Json.stringArray(List.of(jobId))));
    assertThat(afterAKill.exitCode()).isZero();
    assertThat(nunu.jobStopped(jobId)).isTrue();
    assertThat(afterAKill.stdout()).contains("Stopped 1 of 1 job(s)");
  }

  @ParameterizedTest
  @EnumSource(value = NunuSimulator.StartRunStyle.class)
  void everyStartStyleRunsToCompletion(NunuSimulator.StartRunStyle style) {
    nunu.startRunStyle(style);
    Result result = action.input("test-id", NunuSimulator.TEST_FAIL).run();
    assertThat(result.outputs()).containsEntry("result", "failure").containsEntry("bugs", "1");
  }

  private String jobPath() {
    return "GET /api/v1/jobs/" + nunu.jobIds().get(0);
  }

  /** The start request, with the identity tags set aside (RunIdentityTest checks those). */
  private JsonNode startRequest() {
    JsonNode body =
        nunu.requests().stream()
            .filter(r -> r.path().equals("/api/v1/runs"))
            .findFirst()
            .orElseThrow()
            .json();
    return Tags.withoutIdentity(body, "additional_tags");
  }

  private static JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
