package io.github.nunuaction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nunuaction.config.Identity;
import io.github.nunuaction.core.Json;
import io.github.nunuaction.simulator.NunuSimulator;
import io.github.nunuaction.simulator.NunuSimulator.Recorded;
import io.github.nunuaction.simulator.SimTest;
import io.github.nunuaction.testing.ActionHarness;
import io.github.nunuaction.testing.ActionHarness.Result;
import io.github.nunuaction.testing.VirtualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flaky AI tests against the simulator: retry-failed, fail-on-flaky, the quarantine file, and
 * job-summary: on-failure. The simulated clock starts on 2026-01-01.
 */
class FlakyTestsTest {
  static final String SHOP = "f1000000-0000-4000-8000-0000000000f1";
  static final String SETTINGS = NunuSimulator.TEST_FAIL;
  static final String PLAN = "f2000000-0000-4000-8000-0000000000f2";

  @TempDir Path workspace;
  NunuSimulator nunu;

  @BeforeEach
  void start() throws Exception {
    // "Shop opens" passes, except that its first job fails: an ad covered the shop button.
    nunu =
        NunuSimulator.start()
            .addTest(
                SimTest.failing(SHOP, "Shop opens", "An ad covered the shop button for 40 s.")
                    .withResults("SUCCESS"))
            .failFirstJobs(SHOP, 1)
            .addPlan(PLAN, List.of(NunuSimulator.TEST_PASS, SHOP, SETTINGS));
  }

  @AfterEach
  void stop() {
    nunu.close();
  }

  ActionHarness action() {
    return new ActionHarness(workspace, nunu.apiUrl(), nunu.artifactsUrl(), NunuSimulator.API_KEY)
        .input("deployment-config-id", NunuSimulator.DEPLOYMENT_CONFIG);
  }

  @Test
  void aTestThatFailsOnceThenPassesOnItsRetryIsFlakyAndTheStepPasses() throws Exception {
    Result result = action().input("test-id", SHOP).input("retry-failed", "1").run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(result.outputs())
        .containsEntry("result", "success")
        .containsEntry("passed", "1")
        .containsEntry("failed", "0")
        .containsEntry("flaky", "[\"Shop opens\"]")
        .containsEntry("quarantined-failures", "[]");
    assertThat(Json.MAPPER.readTree(result.outputs().get("job-ids"))).hasSize(2);
    // The retry carries the step's tags and its number.
    List<Recorded> starts = starts();
    assertThat(starts).hasSize(2);
    assertThat(tags(starts.get(0))).doesNotContain("gh-retry:1").contains("gh-repo:studio/game");
    assertThat(tags(starts.get(1))).contains("gh-retry:1", "gh-repo:studio/game");
    assertThat(result.stdout())
        .contains(
            "::warning title=Flaky test::Shop opens: failed on its first try, then passed on"
                + " retry 1; it counts as passed");
    JsonNode job = Json.MAPPER.readTree(result.resultsFile("results.json")).path("jobs").get(0);
    assertThat(job.path("flaky").asBoolean()).isTrue();
    assertThat(job.path("tries")).hasSize(2);
    assertThat(job.path("tries").get(0).path("outcome").asText()).isEqualTo("failed");
    assertThat(job.path("tries").get(0).path("runs").get(0).path("result").asText())
        .isEqualTo("FAILED");
    assertThat(job.path("tries").get(1).path("outcome").asText()).isEqualTo("passed");
    assertThat(job.path("tries").get(1).path("retry").asInt()).isEqualTo(1);
    assertThat(result.summary())
        .contains("## ✅ nunu.ai: 1 passed, 0 failed, 1 flaky, 0 bugs")
        .contains("### Flaky tests")
        .contains("Failing try: ")
        .contains("An ad covered the shop button for 40 s.");
    String junit = result.resultsFile("junit.xml");
    assertThat(junit).contains("<flakyFailure message=\"FAILED\"").doesNotContain("<failure");
  }

  @Test
  void withFailOnFlakyTheSameTestFailsTheStep() {
    Result result =
        action()
            .input("test-id", SHOP)
            .input("retry-failed", "1")
            .input("fail-on-flaky", "true")
            .run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
    assertThat(result.outputs())
        .containsEntry("result", "failure")
        .containsEntry("failed", "1")
        .containsEntry("flaky", "[\"Shop opens\"]");
    assertThat(result.resultsFile("junit.xml"))
        .contains("<failure message=\"flaky: failed, then passed (fail-on-flaky: true)\"");
  }

  @Test
  void withoutRetryFailedAFailedTestIsNotStartedAgain() {
    Result result = action().input("test-id", SHOP).run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(starts()).hasSize(1);
    assertThat(result.outputs()).containsEntry("flaky", "[]").containsEntry("failed", "1");
  }

  @Test
  void aPlanRetriesItsFailedTestsOneByOneAndOnlyTheFlakyOnePasses() throws Exception {
    Result result = action().input("test-plan-id", PLAN).input("retry-failed", "2").run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
    assertThat(result.outputs())
        .containsEntry("result", "failure")
        .containsEntry("passed", "2")
        .containsEntry("failed", "1")
        .containsEntry("flaky", "[\"Shop opens\"]");
    List<Recorded> starts = starts();
    // The plan, then both failed tests (retry 1), then the one still failing (retry 2).
    assertThat(starts).hasSize(4);
    assertThat(starts.get(0).json().path("test_plan_id").asText()).isEqualTo(PLAN);
    assertThat(starts.subList(1, 3))
        .extracting(start -> start.json().path("multiplayer_test_id").asText())
        .containsExactlyInAnyOrder(SHOP, SETTINGS);
    assertThat(starts.get(3).json().path("multiplayer_test_id").asText()).isEqualTo(SETTINGS);
    assertThat(tags(starts.get(3))).contains("gh-retry:2");
    JsonNode jobs = Json.MAPPER.readTree(result.resultsFile("results.json")).path("jobs");
    assertThat(jobs).hasSize(3);
    JsonNode settings = null;
    for (JsonNode job : jobs) {
      if (job.path("test_name").asText().equals("Settings menu opens")) {
        settings = job;
      }
    }
    assertThat(settings).isNotNull();
    assertThat(settings.path("tries")).hasSize(3);
    assertThat(settings.path("flaky").asBoolean()).isFalse();
    // Surefire's shape for a test that failed every try: its failure, then a rerunFailure each.
    String junit = result.resultsFile("junit.xml");
    assertThat(junit.split("<rerunFailure ", -1)).hasSize(3);
  }

  @Test
  void aTestThatFailedInAnEarlierAttemptAndPassesOnTheReRunIsFlaky() {
    Result first = action().input("test-id", SHOP).run();
    assertThat(first.exitCode()).isEqualTo(1);

    Result rerun = action().input("test-id", SHOP).env("GITHUB_RUN_ATTEMPT", "2").run();

    assertThat(rerun.exitCode()).as(rerun.all()).isZero();
    assertThat(rerun.outputs()).containsEntry("flaky", "[\"Shop opens\"]");
    assertThat(rerun.stdout())
        .contains(
            "Shop opens: failed in attempt 1, then passed in this attempt; it counts as passed");
  }

  // --- lists are claims: a try is judged only on jobs provably this step's ---

  @Test
  void aRetryIsJudgedOnItsOwnJobWhateverTheListShows() {
    // The retry fails too; another repository's job of the same test passed. Lists ignore the
    // filter, come oldest first, and show a new job only 10 s after it was made.
    nunu.failFirstJobs(SHOP, 2);
    String foreign = nunu.addForeignJob(SHOP, UnhelpfulServerTest.OTHER_REPOSITORY, "SUCCESS");
    var clock = new VirtualClock();
    nunu.ignoreListFilters(true)
        .oldestFirst(true)
        .listNewJobsAfter(Duration.ofSeconds(10), clock::nanoTime);

    Result result =
        new ActionHarness(
                workspace, nunu.apiUrl(), nunu.artifactsUrl(), NunuSimulator.API_KEY, clock)
            .input("deployment-config-id", NunuSimulator.DEPLOYMENT_CONFIG)
            .input("test-id", SHOP)
            .input("retry-failed", "1")
            .run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
    assertThat(result.outputs())
        .containsEntry("failed", "1")
        .containsEntry("passed", "0")
        .containsEntry("flaky", "[]");
    assertThat(starts()).as("one start and one retry, none twice").hasSize(2);
    assertThat(result.outputs().get("job-ids")).doesNotContain(foreign);
    assertThat(nunu.jobStopped(foreign)).isFalse();
  }

  @Test
  void aPassOfAnotherLegInTheEarlierAttemptDoesNotMakeAFailureFlaky() {
    nunu.failFirstJobs(SHOP, 2);
    // On the build the foreign job ran on: only its leg tells it apart.
    Result first =
        action().input("test-id", SHOP).input("build-id", NunuSimulator.EXISTING_BUILD).run();
    assertThat(first.exitCode()).isEqualTo(1);
    // Attempt 1's tags, but of another leg, on a later try (retry 1) that passed: taken for this
    // leg's, it would be the test's latest try in attempt 1.
    var otherLeg = new ArrayList<String>();
    for (String tag : tags(starts().get(0))) {
      otherLeg.add(tag.startsWith(Identity.LEG) ? Identity.LEG + "another-leg" : tag);
    }
    assertThat(otherLeg).isNotEqualTo(tags(starts().get(0)));
    otherLeg.add(Identity.retryTag(1));
    nunu.addForeignJob(SHOP, otherLeg, "SUCCESS");
    nunu.ignoreListFilters(true).oldestFirst(true);

    Result rerun =
        action()
            .input("test-id", SHOP)
            .input("build-id", NunuSimulator.EXISTING_BUILD)
            .env("GITHUB_RUN_ATTEMPT", "2")
            .run();

    assertThat(rerun.exitCode()).as(rerun.all()).isEqualTo(1);
    assertThat(rerun.outputs()).containsEntry("flaky", "[]").containsEntry("failed", "1");
    assertThat(rerun.stdout()).doesNotContain("then passed in this attempt");
  }

  @Test
  void aRetryThatWouldOutlastTheTimeoutIsStoppedAndTheStepTimesOut() {
    // Each try takes four polls, 30 s (±10%) apart: the retry starts after about 1.5 minutes
    // and needs as long again.
    nunu.pollsBeforeCompletion(3);
    Result result =
        action()
            .input("test-id", SHOP)
            .input("retry-failed", "1")
            .input("timeout-minutes", "2")
            .run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
    assertThat(result.outputs()).containsEntry("result", "timeout");
    List<String> jobs = nunu.jobIds();
    assertThat(jobs).hasSize(2);
    assertThat(nunu.jobStopped(jobs.get(1))).isTrue();
    assertThat(nunu.runningJobs()).isEmpty();
  }

  @Test
  void aQuarantinedFailureIsReportedButDoesNotFailTheStep() throws Exception {
    quarantine(
        """
        tests:
          - test: Settings menu opens
            reason: the settings screen is being rebuilt
            until: 2026-03-31
            owner: "@jane"
            link: https://github.com/studio/game/issues/12
        """);
    // Its high-severity bug does not fail the step either: the failure is excused as a whole.
    Result result =
        action()
            .input("test-id", SETTINGS)
            .input("quarantine", ".github/quarantine.yml")
            .input("fail-on-bugs", "high")
            .run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(result.outputs())
        .containsEntry("result", "success")
        .containsEntry("failed", "0")
        .containsEntry("quarantined-failures", "[\"Settings menu opens\"]");
    assertThat(result.summary())
        .contains("1 quarantined")
        .contains("### Quarantined tests")
        .contains("the settings screen is being rebuilt")
        .contains("2026-03-31");
    JsonNode job = Json.MAPPER.readTree(result.resultsFile("results.json")).path("jobs").get(0);
    assertThat(job.path("quarantine").path("excused").asBoolean()).isTrue();
    assertThat(job.path("quarantine").path("owner").asText()).isEqualTo("@jane");
    assertThat(result.resultsFile("junit.xml"))
        .contains("<skipped message=\"quarantined: the settings screen is being rebuilt");
  }

  @Test
  void aQuarantineEntryPastItsDateExcusesNothingAndSaysSo() {
    quarantine(
        """
        tests:
          - test: %s
            reason: old
            until: 2025-12-31
        """
            .formatted(SETTINGS));
    Result result =
        action().input("test-id", SETTINGS).input("quarantine", ".github/quarantine.yml").run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
    assertThat(result.outputs()).containsEntry("quarantined-failures", "[]");
    assertThat(result.stdout())
        .contains("::warning title=Quarantine ended::entry 1 (test \"" + SETTINGS + "\")")
        .contains("ended on 2025-12-31");
  }

  @Test
  void anEntryNamingNoTestOfTheRunGetsANoticeAndAQuarantinedPassSaysItCanLeave() {
    quarantine(
        """
        tests:
          - test: Main menu smoke test
            reason: crashed on Fridays
            until: 2026-02-01
          - test: Tutorial completes
            reason: not in this run
            until: 2026-02-01
        """);
    Result result =
        action()
            .input("test-id", NunuSimulator.TEST_PASS)
            .input("quarantine", ".github/quarantine.yml")
            .run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(result.stdout())
        .contains("::notice title=Quarantine entry unused::entry 2 (test \"Tutorial completes\")")
        .contains(
            "::notice title=Quarantined test passed::Main menu smoke test passed: it can leave"
                + " the quarantine");
    assertThat(result.summary()).contains("passed: can leave the quarantine");
  }

  @Test
  void theExampleQuarantineFileIsValid() throws Exception {
    action()
        .file(
            ".github/nunu-quarantine.yml",
            Files.readAllBytes(Path.of("examples/quarantine/nunu-quarantine.yml")));
    Result result =
        action()
            .input("test-id", SETTINGS)
            .input("quarantine", ".github/nunu-quarantine.yml")
            .run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(result.outputs()).containsEntry("quarantined-failures", "[\"Settings menu opens\"]");
  }

  @Test
  void jobSummaryOnFailureWritesNoSummaryForASuccessButAlwaysTheFiles() {
    Result green =
        action().input("test-id", NunuSimulator.TEST_PASS).input("job-summary", "on-failure").run();

    assertThat(green.exitCode()).isZero();
    assertThat(green.summary()).isEmpty();
    assertThat(green.resultsFile("results.json")).contains("\"result\" : \"success\"");

    Result red = action().input("test-id", SETTINGS).input("job-summary", "on-failure").run();

    assertThat(red.exitCode()).isEqualTo(1);
    assertThat(red.summary()).contains("## ❌ nunu.ai");
  }

  private void quarantine(String yaml) {
    action().file(".github/quarantine.yml", yaml.getBytes(StandardCharsets.UTF_8));
  }

  private List<Recorded> starts() {
    return nunu.requests().stream()
        .filter(r -> r.method().equals("POST") && r.path().endsWith("/runs"))
        .toList();
  }

  private static List<String> tags(Recorded start) {
    var tags = new ArrayList<String>();
    start.json().path("additional_tags").forEach(tag -> tags.add(tag.asText()));
    return tags;
  }
}
