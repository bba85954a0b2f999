package io.github.nunuaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nunuaction.core.Json;
import io.github.nunuaction.simulator.NunuSimulator;
import io.github.nunuaction.simulator.NunuSimulator.Recorded;
import io.github.nunuaction.testing.ActionHarness;
import io.github.nunuaction.testing.ActionHarness.Result;
import io.github.nunuaction.testing.VirtualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Plans of hundreds of tests and many workflows at once, against the simulated API: what each
 * polling round costs, what happens when the server ignores the job filter or limits the rate, and
 * whether the reports stay whole.
 */
class ScaleTest {
  static final String JOBS = "/api/v1/project/sim-project/jobs";
  static final Pattern ONE_JOB = Pattern.compile(JOBS + "/[0-9a-f-]{36}");

  /** The simulator completes a job on its fourth poll: QUEUED, STARTING, RUNNING, COMPLETED. */
  static final int ROUNDS = 4;

  @TempDir Path root;
  NunuSimulator nunu;
  int workspaces;

  @BeforeEach
  void start() throws Exception {
    nunu = NunuSimulator.start();
  }

  @AfterEach
  void stop() {
    nunu.close();
  }

  ActionHarness action(VirtualClock clock) {
    Path workspace = root.resolve("workspace-" + (++workspaces));
    try {
      Files.createDirectories(workspace);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ActionHarness(
            workspace, nunu.apiUrl(), nunu.artifactsUrl(), NunuSimulator.API_KEY, clock)
        .input("project-id", NunuSimulator.PROJECT)
        .input("deployment-config-id", NunuSimulator.DEPLOYMENT_CONFIG);
  }

  ActionHarness action() {
    return action(new VirtualClock());
  }

  @ParameterizedTest(name = "{0} jobs")
  @ValueSource(ints = {1, 100, 101, 500})
  void eachRoundListsAHundredJobsARequest(int jobs) {
    nunu.addLargePlan(jobs, 0);

    Result result = action().input("test-plan-id", NunuSimulator.LARGE_PLAN).run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(result.outputs()).containsEntry("passed", String.valueOf(jobs));
    List<Recorded> listings = requests(JOBS);
    List<Recorded> polls = nunu.requests().stream().filter(this::pollsOneJob).toList();
    int pages = (jobs + 99) / 100;
    if (jobs == 1) {
      // One job: polling it is as cheap as listing it.
      assertThat(listings).isEmpty();
      assertThat(polls).hasSize(ROUNDS);
    } else {
      assertThat(polls).isEmpty();
      assertThat(listings).hasSize(ROUNDS * pages);
      assertThat(listings)
          .extracting(listing -> listing.query().get("page"))
          .containsExactlyInAnyOrderElementsOf(pageNumbers(pages));
      assertThat(listings)
          .allSatisfy(
              listing ->
                  assertThat(listing.query())
                      .containsEntry("page_size", "100")
                      .containsEntry("status", "all")
                      .containsEntry(
                          "test_plan_execution_id",
                          result.outputs().get("test-plan-execution-id")));
    }
    // Each finished run is read once; its bugs are not asked for, since it says it found none.
    assertThat(requests("/api/v1/project/sim-project/runs/")).hasSize(jobs);
  }

  static List<String> pageNumbers(int pages) {
    var numbers = new ArrayList<String>();
    for (int round = 0; round < ROUNDS; round++) {
      for (int page = 0; page < pages; page++) {
        numbers.add(String.valueOf(page));
      }
    }
    return numbers;
  }

  @Test
  void aRerunsJobsAreListedByThisAttemptsTags() {
    nunu.addLargePlan(150, 10);
    action()
        .env("GITHUB_RUN_ID", "77")
        .env("GITHUB_RUN_ATTEMPT", "1")
        .input("test-plan-id", NunuSimulator.LARGE_PLAN)
        .run();
    int before = nunu.requests().size();

    Result attempt2 =
        action()
            .env("GITHUB_RUN_ID", "77")
            .env("GITHUB_RUN_ATTEMPT", "2")
            .input("test-plan-id", NunuSimulator.LARGE_PLAN)
            .run();

    assertThat(attempt2.exitCode()).as(attempt2.all()).isEqualTo(1);
    assertThat(attempt2.outputs()).containsEntry("passed", "135").containsEntry("failed", "15");
    List<Recorded> after = nunu.requests().subList(before, nunu.requests().size());
    assertThat(after).noneMatch(this::pollsOneJob);
    // Besides the look-up of what earlier attempts found (by gh-run), one listing a round.
    List<Recorded> listings =
        after.stream()
            .filter(r -> r.path().equals(JOBS) && r.query().get("tags").contains("gh-attempt"))
            .toList();
    assertThat(listings)
        .hasSize(ROUNDS)
        .allSatisfy(
            listing ->
                assertThat(listing.query().get("tags"))
                    .contains("gh-attempt:77-2")
                    .contains("gh-repo:studio/game"));
  }

  @Test
  void whenTheServerIgnoresTheFilterEachJobIsPolledInstead() {
    action().input("test-plan-id", NunuSimulator.TEST_PLAN).run();
    nunu.addLargePlan(150, 0).ignoreJobFilters(true);
    int before = nunu.requests().size();

    Result result = action().input("test-plan-id", NunuSimulator.LARGE_PLAN).run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(result.outputs()).containsEntry("passed", "150");
    assertThat(result.stdout().lines().filter(line -> line.contains("did not filter")))
        .singleElement()
        .asString()
        .startsWith("nunu did not filter the job list by test_plan_execution_id=")
        .endsWith("; polling each job instead.");
    List<Recorded> after = nunu.requests().subList(before, nunu.requests().size());
    assertThat(after.stream().filter(r -> r.path().equals(JOBS))).hasSize(2);
    assertThat(after.stream().filter(this::pollsOneJob)).hasSizeGreaterThanOrEqualTo(150);
  }

  @Test
  void whenTheServerRefusesTheFilterEachJobIsPolledInstead() {
    nunu.addLargePlan(120, 0).failRoute("GET /jobs", 400);

    Result result = action().input("test-plan-id", NunuSimulator.LARGE_PLAN).run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(result.outputs()).containsEntry("passed", "120");
    assertThat(result.stdout()).containsOnlyOnce("did not filter the job list");
    assertThat(requests(JOBS)).hasSize(1);
    assertThat(nunu.requests().stream().filter(this::pollsOneJob)).hasSize(ROUNDS * 120);
  }

  /** A 500-test plan, every tenth failing: the reports hold every job and stay in their limits. */
  @Test
  void theReportsOfAFiveHundredTestPlanStayWholeAndWithinTheirLimits() throws Exception {
    nunu.addLargePlan(500, 10);

    Result result =
        action()
            .input("test-plan-id", NunuSimulator.LARGE_PLAN)
            .onPullRequest(17, "main", "0123456789abcdef0123456789abcdef01234567")
            .input("pr-comment", "never")
            .run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
    assertThat(result.outputs())
        .containsEntry("passed", "450")
        .containsEntry("failed", "50")
        .containsEntry("bugs", "50");
    assertThat(result.summary().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(1024 * 1024);
    assertThat(result.summary()).contains("Level 500 loads").contains("Level 010 loads");
    var junit =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(result.workspace().resolve("nunu-results/junit.xml").toFile());
    assertThat(junit.getElementsByTagName("testcase").getLength()).isEqualTo(500);
    assertThat(junit.getElementsByTagName("failure").getLength()).isEqualTo(50);
    var results = Json.MAPPER.readTree(result.resultsFile("results.json"));
    assertThat(results.get("jobs")).hasSize(500);
    assertThat(results.get("counts").get("failed").asInt()).isEqualTo(50);
  }

  /**
   * Many workflows at once against a rate-limited API: every one ends with its right result, none
   * gives up, and the limit did refuse requests (so backing off was needed).
   */
  @Test
  void manyWorkflowsAtOnceAgainstARateLimitAllFinish() throws Exception {
    var clock = new VirtualClock();
    nunu.rateLimit(5, 5, clock::nanoTime);
    int workflows = 12;
    var runs = new ArrayList<Future<Result>>();
    try (var pool = Executors.newFixedThreadPool(workflows)) {
      for (int i = 0; i < workflows; i++) {
        ActionHarness action =
            action(clock)
                .env("GITHUB_RUN_ID", String.valueOf(1000 + i))
                .input(
                    "test-plan-id",
                    i % 2 == 0 ? NunuSimulator.TEST_PLAN : NunuSimulator.TEST_PLAN_PASSING);
        runs.add(pool.submit(action::run));
      }
      for (int i = 0; i < workflows; i++) {
        Result result = runs.get(i).get();
        assertThat(result.exitCode()).as(result.all()).isEqualTo(i % 2 == 0 ? 1 : 0);
        assertThat(result.outputs()).containsEntry("result", i % 2 == 0 ? "failure" : "success");
      }
    }
    assertThat(nunu.throttled()).isPositive();
  }

  private boolean pollsOneJob(Recorded request) {
    return ONE_JOB.matcher(request.path()).matches();
  }

  private List<Recorded> requests(String pathPrefix) {
    return nunu.requests().stream()
        .filter(r -> r.method().equals("GET") && r.path().startsWith(pathPrefix))
        .filter(r -> !pathPrefix.equals(JOBS) || r.path().equals(JOBS))
        .toList();
  }
}
