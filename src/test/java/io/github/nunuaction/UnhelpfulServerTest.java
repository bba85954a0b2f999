package io.github.nunuaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nunuaction.simulator.NunuSimulator;
import io.github.nunuaction.simulator.NunuSimulator.Recorded;
import io.github.nunuaction.simulator.SimTest;
import io.github.nunuaction.testing.ActionHarness;
import io.github.nunuaction.testing.ActionHarness.Result;
import io.github.nunuaction.testing.VirtualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every feature that acts on what a list answer says (supersede, rerun, reuse-build, the lost-start
 * lookup, the post step, baselines), against a simulated nunu as unhelpful as the docs allow: it
 * ignores filters, lists new jobs late, lists oldest first, repeats pages. Nothing that is not
 * provably this step's is touched, and the step says once that it could not trust the list.
 */
class UnhelpfulServerTest {
  static final String PASS = "a0000000-0000-4000-8000-00000000000a";
  static final String FAIL = "b0000000-0000-4000-8000-00000000000b";
  static final String PLAN = "d0000000-0000-4000-8000-00000000000d";
  static final String NOTICE = "::notice title=nunu ignored a filter::";

  /** Another repository whose name shares this one's prefix, with the same workflow and job. */
  static final List<String> OTHER_REPOSITORY =
      List.of(
          "gh-repo:studio/game-server",
          "gh-workflow:PR checks",
          "gh-job:nunu",
          "gh-run:50",
          "gh-attempt:50-1",
          "gh-pr:17",
          "gh-ref:refs/pull/17/merge");

  @TempDir Path root;
  NunuSimulator nunu;
  VirtualClock clock = new VirtualClock();
  int runs;

  @BeforeEach
  void start() throws Exception {
    nunu =
        NunuSimulator.start()
            .addTest(SimTest.passing(PASS, "Main menu"))
            .addTest(SimTest.failing(FAIL, "Shop opens", "The shop stayed shut."))
            .addPlan(PLAN, List.of(PASS, FAIL));
  }

  @AfterEach
  void stop() {
    nunu.close();
  }

  ActionHarness workflowRun(long runId, int attempt) {
    Path workspace = root.resolve("run-" + (++runs));
    try {
      Files.createDirectories(workspace);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ActionHarness(
            workspace, nunu.apiUrl(), nunu.artifactsUrl(), NunuSimulator.API_KEY, clock)
        .env("GITHUB_WORKFLOW", "PR checks")
        .env("GITHUB_RUN_ID", String.valueOf(runId))
        .env("GITHUB_RUN_ATTEMPT", String.valueOf(attempt))
        .input("project-id", NunuSimulator.PROJECT)
        .input("deployment-config-id", NunuSimulator.DEPLOYMENT_CONFIG);
  }

  ActionHarness onPullRequest(ActionHarness action) {
    return action.onPullRequest(17, "main", "1111111111111111111111111111111111111111");
  }

  // --- filters ignored ---

  @Test
  void supersedeStopsNothingWhenTheListHoldsOtherRepositoriesJobs() {
    Result earlier =
        onPullRequest(workflowRun(100, 1)).input("test-id", PASS).input("wait", "false").run();
    String earlierJob = RunIdentityTest.jsonArray(earlier.outputs().get("job-ids")).get(0);
    String foreign = nunu.addForeignJob(PASS, OTHER_REPOSITORY, null);
    nunu.ignoreListFilters(true);

    Result later =
        onPullRequest(workflowRun(102, 1)).input("test-id", PASS).input("supersede", "pr").run();

    assertThat(later.exitCode()).as(later.all()).isZero();
    assertThat(nunu.jobStopped(foreign)).as("another repository's job").isFalse();
    assertThat(nunu.jobStopped(earlierJob)).as("the safe side: nothing is stopped").isFalse();
    assertThat(later.outputs()).containsEntry("superseded-job-ids", "[]");
    assertThat(count(later.stdout(), NOTICE)).isEqualTo(1);
    assertThat(later.stdout()).contains("nothing is superseded");
  }

  @Test
  void thePostStepStopsOnlyJobsThatCarryEveryTagOfThisAttempt() {
    String foreign = nunu.addForeignJob(PASS, OTHER_REPOSITORY, null);
    ActionHarness action = workflowRun(1100, 1).input("test-id", PASS).input("wait", "false");
    action.run();
    String ours = nunu.jobIds().getLast();
    nunu.ignoreListFilters(true);

    Result post = action.runPost(Map.of());

    assertThat(post.exitCode()).isZero();
    assertThat(nunu.jobStopped(ours)).isTrue();
    assertThat(nunu.jobStopped(foreign)).isFalse();
    assertThat(count(post.stdout(), NOTICE)).isEqualTo(1);
    assertThat(post.stdout()).contains("Stopped 1 of 1 job(s)");
  }

  @Test
  void aReRunStartsEverythingWhenTheEarlierAttemptsListCannotBeTrusted() {
    nunu.addForeignJob(FAIL, OTHER_REPOSITORY, "SUCCESS");
    workflowRun(300, 1)
        .input("test-plan-id", PLAN)
        .input("build-id", NunuSimulator.EXISTING_BUILD)
        .run();
    int startsBefore = starts().size();
    nunu.ignoreListFilters(true);

    Result attempt2 =
        workflowRun(300, 2)
            .input("test-plan-id", PLAN)
            .input("build-id", NunuSimulator.EXISTING_BUILD)
            .run();

    List<Recorded> newStarts = starts().subList(startsBefore, starts().size());
    assertThat(newStarts).singleElement();
    assertThat(newStarts.get(0).json().get("test_plan_id").asText()).isEqualTo(PLAN);
    assertThat(attempt2.outputs()).containsEntry("passed", "1").containsEntry("failed", "1");
    assertThat(count(attempt2.stdout(), NOTICE)).isEqualTo(1);
    assertThat(attempt2.stdout()).contains("this re-run starts every test again");
  }

  @Test
  void aReRunDoesNotTakeAnotherRepositorysPassAsItsOwn() {
    workflowRun(310, 1)
        .input("test-id", FAIL)
        .input("build-id", NunuSimulator.EXISTING_BUILD)
        .run();
    // Another repository's pass of the same test, same workflow run id and attempt numbers.
    nunu.addForeignJob(
        FAIL,
        List.of("gh-repo:studio/game-server", "gh-job:nunu", "gh-run:310", "gh-attempt:310-1"),
        "SUCCESS");
    int startsBefore = starts().size();

    Result attempt2 =
        workflowRun(310, 2)
            .input("test-id", FAIL)
            .input("build-id", NunuSimulator.EXISTING_BUILD)
            .run();

    assertThat(starts()).hasSize(startsBefore + 1);
    assertThat(attempt2.exitCode()).isEqualTo(1);
    assertThat(attempt2.outputs()).containsEntry("failed", "1").containsEntry("passed", "0");
  }

  @Test
  void aLostStartAdoptsOnlyAJobWithEveryTagItSent() {
    String foreign = nunu.addForeignJob(PASS, OTHER_REPOSITORY, null);
    nunu.ignoreListFilters(true).loseStartAnswers(1);

    Result result = workflowRun(700, 1).input("test-id", PASS).input("tags", "smoke").run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(starts()).hasSize(1);
    String ours = nunu.jobIds().getLast();
    assertThat(result.outputs())
        .containsEntry("job-ids", "[\"" + ours + "\"]")
        .containsEntry("passed", "1");
    assertThat(nunu.jobStopped(foreign)).isFalse();
    assertThat(count(result.stdout(), "::notice title=Lost start::")).isEqualTo(1);
    // The lookup asked for exactly the tags the start sent, the user's included.
    List<String> sent = RunIdentityTest.texts(starts().get(0).json().get("additional_tags"));
    assertThat(jobListings())
        .first()
        .satisfies(query -> assertThat(query.get("tags")).isEqualTo(String.join(",", sent)));
  }

  @Test
  void reuseBuildUploadsWhenTheBuildListHoldsBuildsWithoutTheContentTag() {
    byte[] build = EndToEndTest.randomBytes(40_000);
    nunu.addForeignBuild(build.length, List.of("version:1.2.3"));
    nunu.ignoreListFilters(true);
    ActionHarness action =
        workflowRun(600, 1).input("deployment-config-id", "").input("build-file", "game.apk");
    action.file("game.apk", build);

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(storagePuts()).isEqualTo(1);
    assertThat(result.outputs()).containsEntry("build-reused", "false");
    assertThat(count(result.stdout(), NOTICE)).isEqualTo(1);
    assertThat(result.stdout()).doesNotContain("same SHA-256 and size");
  }

  @Test
  void aSameSizeBuildWithoutTheContentTagIsNeverReusedEvenWhenTheFilterIsApplied() {
    byte[] build = EndToEndTest.randomBytes(40_000);
    nunu.addForeignBuild(build.length, List.of("sha256:" + "0".repeat(40)));
    ActionHarness action =
        workflowRun(601, 1).input("deployment-config-id", "").input("build-file", "game.apk");
    action.file("game.apk", build);

    Result result = action.run();

    assertThat(result.outputs()).containsEntry("build-reused", "false");
    assertThat(storagePuts()).isEqualTo(1);
  }

  // --- late listings and a start that is sent twice ---

  @Test
  void aLostStartWhoseJobIsListedTenSecondsLateIsFoundNotStartedTwice() {
    nunu.listNewJobsAfter(Duration.ofSeconds(10), clock::nanoTime).loseStartAnswers(1);

    Result result = workflowRun(710, 1).input("test-id", PASS).run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(starts()).hasSize(1);
    assertThat(nunu.jobIds()).hasSize(1);
    assertThat(result.outputs()).containsEntry("passed", "1");
    assertThat(result.stdout()).contains("Found the 1 job(s) this start made");
    assertThat(jobListings().size()).as("looked more than once").isGreaterThan(1);
  }

  @Test
  void aFirstStartListedAfterTheWindowIsStoppedAndReportedNotCounted() {
    nunu.listNewJobsAfter(Duration.ofSeconds(60), clock::nanoTime).loseStartAnswers(1);

    Result result = workflowRun(720, 1).input("test-id", PASS).run();

    assertThat(starts()).hasSize(2);
    String late = nunu.jobIds().get(0);
    String counted = nunu.jobIds().get(1);
    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(nunu.jobStopped(late)).isTrue();
    assertThat(nunu.jobStopped(counted)).isFalse();
    assertThat(result.outputs())
        .containsEntry("job-ids", "[\"" + counted + "\"]")
        .containsEntry("passed", "1")
        .containsEntry("errored", "0");
    assertThat(result.summary())
        .contains("> [!WARNING]")
        .contains("carries this step's tags but is not one of its runs");
    assertThat(result.stdout()).contains("starting once more");
  }

  @Test
  void aSecondStartThatLosesItsAnswerTooEndsInExitThreeAndALastLookupStopsWhatItMade() {
    // The first start fails at the gateway before anything is made; the second makes its job,
    // then its answer is lost as well.
    nunu.failStartsBeforeCreating(1).loseStartAnswers(1);

    Result result = workflowRun(730, 1).input("test-id", PASS).run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(3);
    assertThat(starts()).hasSize(2);
    assertThat(nunu.jobIds())
        .singleElement()
        .satisfies(job -> assertThat(nunu.jobStopped(job)).isTrue());
    assertThat(nunu.runningJobs()).isEmpty();
    assertThat(result.stdout()).contains("found by the tags of a start whose answer was lost");
  }

  @Test
  void whenNoListCanBeReadTheErrorNamesTheTagsToLookFor() {
    nunu.loseStartAnswers(1).failRoute("GET /jobs", 500);

    Result result = workflowRun(740, 1).input("test-id", PASS).run();

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(starts()).hasSize(1);
    assertThat(result.stdout())
        .contains("Could not tell whether the runs started")
        .contains("look for runs tagged ")
        .contains("gh-attempt:740-1");
  }

  @Test
  void nunusOwnServerErrorIsDefiniteNoLookupNoSecondStart() {
    nunu.failRoute("POST /runs", 503);

    Result result = workflowRun(750, 1).input("test-id", PASS).run();

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(starts()).hasSize(1);
    assertThat(jobListings()).isEmpty();
  }

  @Test
  void aStartWhoseConnectionBrokeAfterSendingIsLookedUp() {
    nunu.resetStartAnswers(1);

    Result result = workflowRun(760, 1).input("test-id", PASS).run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(starts()).hasSize(1);
    assertThat(nunu.jobIds()).hasSize(1);
  }

  // --- order and paging ---

  @Test
  void theNewestComparableRunOnTheBaseBranchDecidesWhateverOrderNunuListsIn() {
    var flaky = "f0000000-0000-4000-8000-00000000000f";
    nunu.addTest(SimTest.passing(flaky, "Boss fight"));
    workflowRun(800, 1).input("test-id", flaky).run(); // main: passed, then ...
    nunu.addTest(SimTest.failing(flaky, "Boss fight", "The boss never spawned."));
    workflowRun(801, 1).input("test-id", flaky).run(); // ... failed, most recently
    nunu.oldestFirst(true);

    Result pr =
        onPullRequest(workflowRun(802, 1))
            .input("test-id", flaky)
            .input("fail-on", "new-failure")
            .run();

    assertThat(pr.exitCode()).as(pr.all()).isZero();
    assertThat(pr.outputs()).containsEntry("new-failures", "[]");
    assertThat(pr.summary()).contains("also failing on main");
  }

  @Test
  void aBaselineFromAListThatIgnoresItsFilterIsNone() {
    workflowRun(810, 1).input("test-id", FAIL).run();
    nunu.addForeignJob(FAIL, List.of("gh-repo:studio/game-server"), "SUCCESS");
    nunu.ignoreListFilters(true);

    Result pr =
        onPullRequest(workflowRun(811, 1))
            .input("test-id", FAIL)
            .input("fail-on", "new-failure")
            .run();

    assertThat(pr.summary()).contains("no baseline on main");
    assertThat(pr.outputs()).containsEntry("new-failures", "[]");
    assertThat(count(pr.stdout(), NOTICE)).isEqualTo(1);
  }

  @Test
  void aPageThatRepeatsIsNoticedAndPagingStops() {
    onPullRequest(workflowRun(900, 1)).input("test-id", PASS).input("wait", "false").run();
    String earlier = nunu.jobIds().getLast();
    nunu.ignorePaging(true);

    Result later =
        onPullRequest(workflowRun(901, 1)).input("test-id", PASS).input("supersede", "pr").run();

    assertThat(later.exitCode()).as(later.all()).isZero();
    assertThat(later.stdout()).contains("repeated an earlier page");
    assertThat(nunu.jobStopped(earlier)).as("verified, so superseded").isTrue();
    assertThat(jobListings().size()).as("paging stopped at the repeat").isLessThan(5);
  }

  // --- helpers ---

  List<Recorded> starts() {
    return nunu.requests().stream()
        .filter(r -> r.method().equals("POST") && r.path().endsWith("/runs"))
        .toList();
  }

  List<Map<String, String>> jobListings() {
    return nunu.requests().stream()
        .filter(r -> r.method().equals("GET") && r.path().endsWith("/jobs"))
        .map(Recorded::query)
        .toList();
  }

  long storagePuts() {
    return nunu.requests().stream().filter(r -> r.method().equals("PUT")).count();
  }

  static int count(String text, String what) {
    return (int) Pattern.compile(Pattern.quote(what)).matcher(text).results().count();
  }
}
