package io.github.nunuaction.runs;

import static io.github.nunuaction.simulator.NunuSimulator.DEFAULT_AGENT;
import static io.github.nunuaction.simulator.NunuSimulator.DEPLOYMENT_CONFIG;
import static io.github.nunuaction.simulator.NunuSimulator.EXISTING_BUILD;
import static io.github.nunuaction.simulator.NunuSimulator.TEST_FAIL;
import static io.github.nunuaction.simulator.NunuSimulator.TEST_PASS;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.nunuaction.core.Cancellation;
import io.github.nunuaction.nunu.JobFilter;
import io.github.nunuaction.nunu.NunuApi;
import io.github.nunuaction.nunu.StartRequest;
import io.github.nunuaction.results.JobResult;
import io.github.nunuaction.results.Outcome;
import io.github.nunuaction.simulator.NunuSimulator;
import io.github.nunuaction.simulator.NunuSimulator.Recorded;
import io.github.nunuaction.testing.RecordingLog;
import io.github.nunuaction.testing.SimulatorClient;
import io.github.nunuaction.testing.VirtualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The waiter on its own, against the simulated nunu over real HTTP: polling one by one or by
 * listing, a server that ignores the filter or lists late, the deadline, and the late twin of a
 * start. Jobs complete on their fourth poll; time is virtual.
 */
class JobWaiterTest {
  private static final Duration INTERVAL = Duration.ofSeconds(30);
  private static final List<String> TAGS = List.of("nunu-run:abc", "nunu-attempt:1");

  private NunuSimulator nunu;
  private NunuApi api;
  private final VirtualClock clock = new VirtualClock();
  private final RecordingLog log = new RecordingLog();

  @BeforeEach
  void setUp() throws IOException {
    nunu = NunuSimulator.start().pollsBeforeCompletion(3);
    api = SimulatorClient.connect(nunu, clock, log);
  }

  @AfterEach
  void tearDown() {
    nunu.close();
  }

  @Test
  void withoutAFilterEachJobIsPolledUntilItCompletesAndItsResultsAreCollected() {
    List<String> jobs = start(TEST_PASS, TEST_FAIL);
    JobWaiter waiter = waiter(null);

    JobWaiter.Waited waited = waiter.waitFor(jobs, clock.nanoTime() + hours(1));

    assertThat(waited.timedOut()).isFalse();
    assertThat(waited.unfinished()).isEmpty();
    assertThat(outcomes(waiter.results(jobs))).containsExactly(Outcome.PASSED, Outcome.FAILED);
    assertThat(count(this::isJobPoll)).isEqualTo(8);
    assertThat(count(this::isJobList)).isZero();
    // Three pauses between four rounds, each the interval within its jitter.
    assertThat(clock.slept())
        .isBetween(
            INTERVAL.multipliedBy(3).multipliedBy(3).dividedBy(4),
            INTERVAL.multipliedBy(3).multipliedBy(5).dividedBy(4));
  }

  @Test
  void withAFilterOneListingARoundAnswersForEveryJob() {
    List<String> jobs = start(TEST_PASS, TEST_PASS, TEST_FAIL);

    JobWaiter waiter = waiter(JobFilter.tagged(TAGS));
    waiter.waitFor(jobs, clock.nanoTime() + hours(1));

    assertThat(outcomes(waiter.results(jobs)))
        .containsExactly(Outcome.PASSED, Outcome.PASSED, Outcome.FAILED);
    assertThat(count(this::isJobPoll)).isZero();
    assertThat(count(this::isJobList)).isEqualTo(4);
  }

  @Test
  void aServerThatIgnoresTheFilterIsNoticedAndOnlyThisStepsJobsCount() {
    nunu.ignoreJobFilters(true);
    String other = nunu.addForeignJob(TEST_FAIL, List.of("nunu-run:someone-else"), null);
    List<String> jobs = start(TEST_PASS);

    JobWaiter waiter = waiter(JobFilter.tagged(TAGS));
    JobWaiter.Waited waited = waiter.waitFor(jobs, clock.nanoTime() + hours(1));

    assertThat(waited.timedOut()).isFalse();
    assertThat(waiter.results(jobs)).extracting(JobResult::jobId).containsExactly(jobs.get(0));
    assertThat(outcomes(waiter.results(jobs))).containsExactly(Outcome.PASSED);
    assertThat(nunu.jobStopped(other)).isFalse();
    // Once the listing is seen to ignore the filter, the job is asked for by id.
    assertThat(count(this::isJobPoll)).isPositive();
  }

  @Test
  void aJobListedLateIsAskedForByIdMeanwhile() {
    nunu.listNewJobsAfter(Duration.ofMinutes(5), clock::nanoTime);
    List<String> jobs = start(TEST_PASS, TEST_FAIL);

    JobWaiter waiter = waiter(JobFilter.tagged(TAGS));
    waiter.waitFor(jobs, clock.nanoTime() + hours(1));

    assertThat(outcomes(waiter.results(jobs))).containsExactly(Outcome.PASSED, Outcome.FAILED);
    assertThat(count(this::isJobPoll)).isPositive();
  }

  @Test
  void theDeadlineEndsTheWaitWithWhatIsUnfinished() {
    nunu.pollsBeforeCompletion(1000);
    List<String> jobs = start(TEST_PASS, TEST_FAIL);

    JobWaiter waiter = waiter(null);
    JobWaiter.Waited waited =
        waiter.waitFor(jobs, clock.nanoTime() + Duration.ofMinutes(5).toNanos());

    assertThat(waited.timedOut()).isTrue();
    assertThat(waited.unfinished()).containsExactlyElementsOf(jobs);
    assertThat(waiter.unfinished(jobs)).containsExactlyElementsOf(jobs);
    assertThat(clock.slept()).isLessThanOrEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void aLateTwinOfTheStartIsStoppedReportedAndNotCounted() {
    List<String> jobs = start(TEST_PASS);
    // The first start, whose answer was lost, shows up with the same tags.
    String twin = nunu.addForeignJob(TEST_PASS, TAGS, null);
    var reported = new ArrayList<String>();

    JobWaiter waiter = waiter(JobFilter.tagged(TAGS)).watchingFor(List.of(TAGS), reported::add);
    waiter.waitFor(jobs, clock.nanoTime() + hours(1));

    assertThat(nunu.jobStopped(twin)).isTrue();
    assertThat(reported).singleElement().asString().contains(twin, "is not counted");
    assertThat(waiter.results(jobs)).extracting(JobResult::jobId).containsExactlyElementsOf(jobs);
  }

  private JobWaiter waiter(JobFilter filter) {
    return new JobWaiter(
        api, new RunStopper(api, log), log, clock, Cancellation.none(), INTERVAL, filter);
  }

  /** Starts each test as its own run with this step's tags; returns the job ids in order. */
  private List<String> start(String... testIds) {
    var jobs = new ArrayList<String>();
    for (String testId : testIds) {
      var request =
          new StartRequest(
              new StartRequest.Test(testId, 0, 1),
              new StartRequest.Deployment(
                  DEPLOYMENT_CONFIG, EXISTING_BUILD, Map.of(), Map.of(), false),
              TAGS,
              DEFAULT_AGENT,
              null,
              null);
      jobs.addAll(api.startRun(request).jobIds());
    }
    return jobs;
  }

  private static List<Outcome> outcomes(List<JobResult> results) {
    return results.stream().map(result -> result.outcomes().get(0)).toList();
  }

  private long count(Predicate<Recorded> kind) {
    return nunu.requests().stream().filter(kind).count();
  }

  private boolean isJobPoll(Recorded request) {
    return request.method().equals("GET") && request.path().matches(".*/jobs/[0-9a-f-]{36}");
  }

  private boolean isJobList(Recorded request) {
    return request.method().equals("GET") && request.path().endsWith("/jobs");
  }

  private static long hours(int hours) {
    return Duration.ofHours(hours).toNanos();
  }
}
