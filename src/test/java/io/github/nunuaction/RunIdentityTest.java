package io.github.nunuaction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nunuaction.core.Json;
import io.github.nunuaction.simulator.NunuSimulator;
import io.github.nunuaction.simulator.NunuSimulator.Recorded;
import io.github.nunuaction.simulator.SimTest;
import io.github.nunuaction.testing.ActionHarness;
import io.github.nunuaction.testing.ActionHarness.Result;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs that know which workflow run started them (README, "Run identity"): identity tags on every
 * run and build, supersede, re-runs that start only what failed, builds that are never uploaded
 * twice, a start that is never doubled, and a post step that finds what to stop.
 */
class RunIdentityTest {
  static final String PASS_A = "a0000000-0000-4000-8000-00000000000a";
  static final String FAIL_B = "b0000000-0000-4000-8000-00000000000b";
  static final String PASS_C = "c0000000-0000-4000-8000-00000000000c";
  static final String PLAN = "d0000000-0000-4000-8000-00000000000d";

  @TempDir Path root;
  NunuSimulator nunu;
  int runs;

  @BeforeEach
  void start() throws Exception {
    nunu =
        NunuSimulator.start()
            .addTest(SimTest.passing(PASS_A, "Main menu"))
            .addTest(SimTest.failing(FAIL_B, "Shop opens", "The shop stayed shut."))
            .addTest(SimTest.passing(PASS_C, "Settings"))
            .addPlan(PLAN, List.of(PASS_A, FAIL_B, PASS_C));
  }

  @AfterEach
  void stop() {
    nunu.close();
  }

  /** One attempt of a workflow run, in a workspace of its own. */
  ActionHarness workflowRun(String workflow, long runId, int attempt) {
    Path workspace = root.resolve("run-" + (++runs));
    try {
      Files.createDirectories(workspace);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ActionHarness(workspace, nunu.apiUrl(), nunu.artifactsUrl(), NunuSimulator.API_KEY)
        .env("GITHUB_WORKFLOW", workflow)
        .env("GITHUB_RUN_ID", String.valueOf(runId))
        .env("GITHUB_RUN_ATTEMPT", String.valueOf(attempt))
        .input("project-id", NunuSimulator.PROJECT)
        .input("deployment-config-id", NunuSimulator.DEPLOYMENT_CONFIG);
  }

  /** A push to pull request 17 (its merge ref), as the runner describes one. */
  ActionHarness onPullRequest(ActionHarness action, String headSha) {
    Path event = root.resolve("event-" + runs + ".json");
    try {
      Files.writeString(
          event,
          """
          {"pull_request": {"number": 17, "head": {"sha": "%s", "ref": "feature/shop"},
                            "base": {"ref": "main"}}, "repository": {"default_branch": "main"}}"""
              .formatted(headSha));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return action
        .env("GITHUB_EVENT_NAME", "pull_request")
        .env("GITHUB_EVENT_PATH", event.toString())
        .env("GITHUB_REF", "refs/pull/17/merge")
        .env("GITHUB_HEAD_REF", "feature/shop")
        .env("GITHUB_BASE_REF", "main");
  }

  @Test
  void everyRunAndBuildCarriesTheIdentityTagsEachAtMostFiftyCharacters() {
    ActionHarness action =
        onPullRequest(
                workflowRun("Game CI, nightly and PR checks for every platform", 4242, 1),
                "0123456789abcdef0123456789abcdef01234567")
            .input("build-file", "game.apk")
            .input("tags", "smoke")
            .input("test-id", PASS_A);
    action.file("game.apk", EndToEndTest.randomBytes(10_000));

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    List<String> runTags = texts(request("POST", "/runs").json().get("additional_tags"));
    assertThat(runTags)
        .startsWith("smoke")
        .contains(
            "gh-repo:studio/game",
            "gh-job:nunu",
            "gh-run:4242",
            "gh-attempt:4242-1",
            "gh-pr:17",
            "gh-ref:refs/pull/17/merge",
            "gh-sha:0123456789abcdef0123456789abcdef01234567")
        .allSatisfy(tag -> assertThat(tag).hasSizeLessThanOrEqualTo(50).doesNotContain(","))
        .anySatisfy(tag -> assertThat(tag).matches("gh-workflow:~[0-9a-f]{16}"))
        .anySatisfy(tag -> assertThat(tag).matches("gh-leg:[0-9a-f]{12}"));
    List<String> buildTags = texts(request("POST", "/builds/upload").json().get("tags"));
    assertThat(buildTags)
        .containsAll(runTags.subList(1, runTags.size()))
        .anySatisfy(tag -> assertThat(tag).matches("sha256:[0-9a-f]{40}"));
  }

  @Test
  void aNewPushSupersedesTheUnfinishedJobsOfTheLastOneAndNoOtherWorkflows() {
    Result first =
        onPullRequest(workflowRun("PR checks", 100, 1), "1111111111111111111111111111111111111111")
            .input("test-id", PASS_A)
            .input("wait", "false")
            .run();
    Result otherWorkflow =
        onPullRequest(workflowRun("Nightly", 101, 1), "1111111111111111111111111111111111111111")
            .input("test-id", PASS_A)
            .input("wait", "false")
            .run();
    List<String> firstJobs = jsonArray(first.outputs().get("job-ids"));
    List<String> otherJobs = jsonArray(otherWorkflow.outputs().get("job-ids"));

    Result second =
        onPullRequest(workflowRun("PR checks", 102, 1), "2222222222222222222222222222222222222222")
            .input("test-id", PASS_A)
            .input("supersede", "pr")
            .run();

    assertThat(second.exitCode()).as(second.all()).isZero();
    assertThat(jsonArray(second.outputs().get("superseded-job-ids")))
        .containsExactlyElementsOf(firstJobs);
    assertThat(firstJobs).allSatisfy(job -> assertThat(nunu.jobStopped(job)).isTrue());
    assertThat(otherJobs).noneSatisfy(job -> assertThat(nunu.jobStopped(job)).isTrue());
    assertThat(second.stdout())
        .contains(
            "Stopped 1 of 1 job(s) because a newer run of this workflow supersedes them"
                + " (supersede: pr).");
    assertThat(second.summary())
        .contains("Superseded 1 unfinished job(s) of earlier runs of this workflow: `");
  }

  @Test
  void supersedingWithNothingToStopIsFine() {
    Result result =
        onPullRequest(workflowRun("PR checks", 200, 1), "3333333333333333333333333333333333333333")
            .input("test-id", PASS_A)
            .input("supersede", "pr")
            .run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(result.outputs()).containsEntry("superseded-job-ids", "[]");
  }

  @Test
  void aReRunAttemptStartsOnlyThePlansTestsThatFailedAndReportsThePlanAsOne() throws Exception {
    Result attempt1 =
        workflowRun("PR checks", 300, 1)
            .input("test-plan-id", PLAN)
            .input("build-id", NunuSimulator.EXISTING_BUILD)
            .run();
    assertThat(attempt1.exitCode()).as(attempt1.all()).isEqualTo(1);
    int startsBefore = starts().size();

    Result attempt2 =
        workflowRun("PR checks", 300, 2)
            .input("test-plan-id", PLAN)
            .input("build-id", NunuSimulator.EXISTING_BUILD)
            .run();

    List<Recorded> newStarts = starts().subList(startsBefore, starts().size());
    assertThat(newStarts).singleElement();
    JsonNode start = newStarts.get(0).json();
    assertThat(start.get("multiplayer_test_id").asText()).isEqualTo(FAIL_B);
    assertThat(start.get("deployment_config_id").asText())
        .isEqualTo(NunuSimulator.DEPLOYMENT_CONFIG);
    assertThat(start.has("test_plan_id")).isFalse();
    assertThat(attempt2.exitCode()).as(attempt2.all()).isEqualTo(1);
    assertThat(attempt2.outputs())
        .containsEntry("passed", "2")
        .containsEntry("failed", "1")
        .containsEntry("job-ids", Json.stringArray(List.of(nunu.jobIds().getLast())));
    assertThat(attempt2.summary())
        .contains(
            "| ✅ | Main menu | android-native · Pixel 8 (14) | SUCCESS (passed in attempt 1) |")
        .contains(
            "| ✅ | Settings | android-native · Pixel 8 (14) | SUCCESS (passed in attempt 1) |")
        .contains("| ❌ | Shop opens |");
    JsonNode jobs = Json.MAPPER.readTree(attempt2.resultsFile("results.json")).get("jobs");
    assertThat(jobs).extracting(job -> job.get("earlier_attempt").asInt()).containsOnly(1, 0);
  }

  @Test
  void aTestThatPassedInAnEarlierAttemptOnTheSameBuildIsNotStartedAgain() {
    workflowRun("PR checks", 400, 1)
        .input("test-id", PASS_A)
        .input("build-id", NunuSimulator.EXISTING_BUILD)
        .run();
    int startsBefore = starts().size();

    Result attempt2 =
        workflowRun("PR checks", 400, 2)
            .input("test-id", PASS_A)
            .input("build-id", NunuSimulator.EXISTING_BUILD)
            .run();

    assertThat(starts()).hasSize(startsBefore);
    assertThat(attempt2.exitCode()).as(attempt2.all()).isZero();
    assertThat(attempt2.outputs())
        .containsEntry("result", "success")
        .containsEntry("passed", "1")
        .containsEntry("job-ids", "[]");
    assertThat(attempt2.stdout()).contains("1 test(s) passed in an earlier attempt on this build");
  }

  @Test
  void withRerunAllEverythingStartsAgain() {
    workflowRun("PR checks", 500, 1).input("test-id", PASS_A).run();
    int startsBefore = starts().size();

    Result attempt2 =
        workflowRun("PR checks", 500, 2).input("test-id", PASS_A).input("rerun", "all").run();

    assertThat(attempt2.exitCode()).as(attempt2.all()).isZero();
    assertThat(starts()).hasSize(startsBefore + 1);
  }

  @Test
  void theSameFileUploadedTwiceIsSentToStorageOnce() {
    byte[] build = EndToEndTest.randomBytes(40_000);
    ActionHarness first =
        workflowRun("PR checks", 600, 1)
            .input("deployment-config-id", "")
            .input("build-file", "game.apk");
    first.file("game.apk", build);
    Result uploaded = first.run();
    long puts = storagePuts();

    ActionHarness second =
        workflowRun("PR checks", 601, 1)
            .input("deployment-config-id", "")
            .input("build-file", "game.apk");
    second.file("game.apk", build);
    Result reused = second.run();

    assertThat(reused.exitCode()).as(reused.all()).isZero();
    assertThat(storagePuts()).as("no storage request the second time").isEqualTo(puts);
    assertThat(reused.outputs())
        .containsEntry("build-id", uploaded.outputs().get("build-id"))
        .containsEntry("build-reused", "true");
    assertThat(uploaded.outputs()).containsEntry("build-reused", "false");
    assertThat(reused.summary()).contains("reused, nothing uploaded");
  }

  @Test
  void aStartWhoseAnswerIsLostIsFoundByItsTagsAndNotStartedTwice() {
    nunu.loseStartAnswers(1);

    Result result = workflowRun("PR checks", 700, 1).input("test-id", PASS_A).run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(starts()).hasSize(1);
    assertThat(nunu.jobIds()).hasSize(1);
    assertThat(result.outputs())
        .containsEntry("job-ids", Json.stringArray(nunu.jobIds()))
        .containsEntry("passed", "1");
    assertThat(result.stdout()).contains("Found the 1 job(s) this start made");
  }

  @Test
  void aStartThatFailedBeforeCreatingAnythingIsSentOnceMore() {
    nunu.failStartsBeforeCreating(1);

    Result result = workflowRun("PR checks", 800, 1).input("test-id", PASS_A).run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(starts()).hasSize(2);
    assertThat(nunu.jobIds()).hasSize(1);
    assertThat(result.stdout()).contains("No job carries this start's tags after 45 s");
  }

  @Test
  void whenTheLookupFailsTooNothingIsStartedAgainAndTheStepSaysWhatToCheck() {
    nunu.loseStartAnswers(1).failRoute("GET /jobs", 500);

    Result result = workflowRun("PR checks", 900, 1).input("test-id", PASS_A).run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCode.SERVICE_FAILED.code());
    assertThat(starts()).hasSize(1);
    assertThat(result.stdout())
        .contains("Could not tell whether the runs started")
        .contains("Look in nunu for runs tagged gh-attempt:900-1");
  }

  @Test
  void lookupsThatFailOnlyWarnAndTheStepGoesOn() {
    nunu.failRoute("GET /jobs", 500).failRoute("GET /builds", 500);
    ActionHarness action =
        onPullRequest(workflowRun("PR checks", 1000, 1), "4444444444444444444444444444444444444444")
            .input("build-file", "game.apk")
            .input("test-id", PASS_A)
            .input("supersede", "pr");
    action.file("game.apk", EndToEndTest.randomBytes(1_000));

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(result.stdout())
        .contains("::warning title=Supersede::Could not look for the runs of earlier pushes")
        .contains("::warning title=Reuse build::Could not look for an identical build");
    assertThat(storagePuts()).isEqualTo(1);
  }

  @Test
  void thePostStepFindsTheRunsByTagsWhenTheMainStepSavedNothing() {
    ActionHarness action =
        workflowRun("PR checks", 1100, 1).input("test-id", PASS_A).input("wait", "false");
    action.run();
    String job = nunu.jobIds().get(0);

    Result post = action.runPost(Map.of());

    assertThat(post.exitCode()).as(post.all()).isZero();
    assertThat(nunu.jobStopped(job)).isTrue();
    assertThat(post.stdout())
        .contains("no job ids were saved")
        .contains("Stopped 1 of 1 job(s) because the main step ended before it finished.");
  }

  // --- helpers ---

  List<Recorded> starts() {
    return nunu.requests().stream()
        .filter(r -> r.method().equals("POST") && r.path().endsWith("/runs"))
        .toList();
  }

  long storagePuts() {
    return nunu.requests().stream().filter(r -> r.method().equals("PUT")).count();
  }

  Recorded request(String method, String route) {
    return nunu.requests().stream()
        .filter(r -> r.method().equals(method) && r.path().endsWith(route))
        .findFirst()
        .orElseThrow();
  }

  static List<String> texts(JsonNode array) {
    var texts = new ArrayList<String>();
    array.forEach(value -> texts.add(value.asText()));
    return texts;
  }

  static List<String> jsonArray(String json) {
    try {
      return texts(Json.MAPPER.readTree(json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
