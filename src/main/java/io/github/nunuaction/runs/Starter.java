package io.github.nunuaction.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nunuaction.actions.Commands;
import io.github.nunuaction.actions.Log;
import io.github.nunuaction.config.Identity;
import io.github.nunuaction.config.Inputs;
import io.github.nunuaction.config.Inputs.InstructionsTarget;
import io.github.nunuaction.config.Inputs.PlanTarget;
import io.github.nunuaction.config.Inputs.Rerun;
import io.github.nunuaction.config.Inputs.Supersede;
import io.github.nunuaction.config.Inputs.TestTarget;
import io.github.nunuaction.core.Cancellation;
import io.github.nunuaction.core.Clock;
import io.github.nunuaction.http.ApiException;
import io.github.nunuaction.nunu.Job;
import io.github.nunuaction.nunu.Listed;
import io.github.nunuaction.nunu.NunuApi;
import io.github.nunuaction.nunu.StartRequest;
import io.github.nunuaction.nunu.StartedRun;
import io.github.nunuaction.results.JobResult;
import io.github.nunuaction.results.RoleBuild;
import io.github.nunuaction.runs.EarlierRuns.Attempted;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Starts what the inputs ask for, knowing which workflow run it belongs to: it first stops what
 * this run supersedes, on a re-run starts only what did not pass before, tags every run with its
 * identity, and starts one set of runs, provably, even when an answer is lost: the jobs such a
 * start made are looked for over {@link #LOOK_AGAIN_AT}, since nunu may list a new job late.
 */
final class Starter {
  /** When to look for the jobs of a start whose answer was lost, from the failure on. */
  static final List<Duration> LOOK_AGAIN_AT =
      List.of(0, 3, 8, 15, 25, 35, 45).stream().map(Duration::ofSeconds).toList();

  private static final Duration SETTLE = Duration.ofSeconds(3);
  private static final int SETTLE_LOOKS = 3;

  private final Inputs.Run run;
  private final NunuApi api;
  private final Log log;
  private final Optional<Identity> identity;
  private final Clock clock;
  private final Cancellation cancellation;
  private final ResultCollector collector;

  /** Every job this step started so far, in order: kept when a later start fails. */
  private final List<String> startedSoFar = new CopyOnWriteArrayList<>();

  /** The tags of each start whose outcome stayed unknown: what a last cleanup looks for. */
  private final List<List<String>> unknownStarts = new CopyOnWriteArrayList<>();

  /**
   * What was started; {@code carried} are earlier attempts' results that were not re-run; {@code
   * watchTags} are the tags of a start that was sent again after its first answer was lost, whose
   * late first jobs the waiter must look out for (null when no start was sent twice); {@code
   * earlier} holds, by test id, the latest try of an earlier attempt on the same build of each test
   * started again now: a different result now makes the test flaky.
   */
  record Started(
      List<String> jobIds,
      String buildId,
      String testPlanExecutionId,
      String testId,
      List<JobResult> carried,
      List<String> superseded,
      List<String> problems,
      List<List<String>> watchTags,
      Map<String, List<JobResult>> earlier) {}

  Starter(
      Inputs.Run run,
      NunuApi api,
      Log log,
      Optional<Identity> identity,
      Clock clock,
      Cancellation cancellation) {
    this.run = run;
    this.api = api;
    this.log = log;
    this.identity = identity;
    this.clock = clock;
    this.cancellation = cancellation;
    this.collector = new ResultCollector(api, log);
  }

  /** One start: what it runs, and its request, whose tags a lookup asks for exactly. */
  private record Request(Inputs.Run run, StartRequest body) {
    List<String> tags() {
      return body.tags();
    }
  }

  Started start(Map<String, String> buildIds) {
    String buildId = buildIds.get(RoleBuild.MAIN);
    List<String> superseded = supersede();
    Map<String, Attempted> earlier = earlierAttempts();
    var carried = new ArrayList<JobResult>();
    var notCarried = new ArrayList<String>();
    var ranBefore = new LinkedHashMap<String, List<JobResult>>();
    earlier.forEach(
        (testId, attempted) -> {
          if (run.rerun() == Rerun.FAILED && attempted.passedOn(buildId)) {
            for (Job job : attempted.jobs()) {
              carried.add(collector.finished(job).fromAttempt(attempted.attempt()));
            }
            return;
          }
          notCarried.add(testId);
          if (attempted.completedOn(buildId)) {
            ranBefore.put(
                testId,
                attempted.jobs().stream()
                    .map(job -> collector.finished(job).fromAttempt(attempted.attempt()))
                    .toList());
          }
        });
    var requests = new ArrayList<Request>();
    if (carried.isEmpty()) {
      requests.add(request(run, buildIds));
    } else if (run.target() instanceof PlanTarget) {
      // A plan's tests that did not pass start one by one, on the same config and options.
      for (String testId : notCarried) {
        requests.add(request(run.startingTest(new TestTarget(testId, 0, 1)), buildIds));
      }
    }
    if (!carried.isEmpty()) {
      log.info(
          carried.size()
              + " test(s) passed in an earlier attempt on this build and are not started again"
              + " (rerun: failed); "
              + requests.size()
              + " start now.");
    }
    var problems = new ArrayList<String>();
    var watch = new ArrayList<List<String>>();
    String startedBuild = null;
    String execution = null;
    String testId = null;
    for (Request request : requests) {
      Outcome outcome = startOnce(request);
      StartedRun started = outcome.started();
      if (outcome.sentTwice()) {
        watch.add(request.tags());
      }
      startedBuild = startedBuild != null ? startedBuild : started.buildId();
      execution = execution != null ? execution : started.testPlanExecutionId();
      testId = testId != null ? testId : started.testId();
      log.info(
          "Started "
              + started.jobIds().size()
              + (started.jobIds().size() == 1 ? " job: " : " jobs: ")
              + Commands.oneLine(String.join(", ", started.jobIds()))
              + (started.message() == null
                  ? ""
                  : " (" + Commands.oneLine(started.message()) + ")"));
      for (String device : started.failedDevices()) {
        String problem = "nunu could not start the run on device " + device + ".";
        log.warning(problem, "Device not started");
        problems.add(problem);
      }
    }
    return new Started(
        List.copyOf(startedSoFar),
        startedBuild,
        execution,
        testId,
        List.copyOf(carried),
        superseded,
        List.copyOf(problems),
        List.copyOf(watch),
        Map.copyOf(ranBefore));
  }

  /**
   * Starts each failed test of {@code failing} once more ({@code retry-failed}): on the same
   * builds, config and options, with this step's tags and {@link Identity#retryTag}; a plan's tests
   * one by one. Returns, by the failed job's id, the job started in its place.
   */
  Map<String, String> retry(List<JobResult> failing, int retry, Map<String, String> buildIds) {
    var retries = new LinkedHashMap<String, String>();
    for (JobResult job : failing) {
      Inputs.Run what =
          run.target() instanceof PlanTarget
              ? run.startingTest(new TestTarget(job.testId(), 0, 1))
              : run;
      Request request = request(what, buildIds, List.of(Identity.retryTag(retry)));
      StartedRun started = startOnce(request).started();
      if (started.jobIds().isEmpty()) {
        log.warning(
            "nunu started no job for the retry of " + job.displayName() + ".", "Retry not started");
        continue;
      }
      retries.put(job.jobId(), started.jobIds().get(0));
      log.info(
          "Retry "
              + retry
              + " of "
              + Commands.oneLine(job.displayName())
              + ": job "
              + String.join(", ", started.jobIds()));
    }
    return retries;
  }

  /** The jobs started so far, also when a start failed part way. */
  List<String> startedSoFar() {
    return List.copyOf(startedSoFar);
  }

  /** The tags of the starts whose outcome is still unknown: runs may carry them. */
  List<List<String>> unknownStarts() {
    return List.copyOf(unknownStarts);
  }

  private Request request(Inputs.Run what, Map<String, String> buildIds) {
    return request(what, buildIds, List.of());
  }

  private Request request(Inputs.Run what, Map<String, String> buildIds, List<String> more) {
    var identityTags = new ArrayList<>(identity.map(Identity::tags).orElse(List.of()));
    identityTags.addAll(more);
    List<String> tags = RunRequests.tags(what, identityTags);
    return new Request(what, RunRequests.request(what, buildIds, tags));
  }

  /** How a start went: what it started, and whether it had to be sent a second time. */
  private record Outcome(StartedRun started, boolean sentTwice) {}

  /**
   * Starts once, provably. A definite answer is final. After an ambiguous failure (no answer,
   * connection lost after sending, a gateway's 5xx) the jobs with exactly the tags the start sent
   * are looked for over {@link #LOOK_AGAIN_AT}: found, they are used as if the answer had come; not
   * found by a complete list, the start is sent once more (and the waiter watches for its late
   * twin); when no lookup can tell, nothing is started again.
   */
  private Outcome startOnce(Request request) {
    try {
      return new Outcome(started(api.startRun(request.body())), false);
    } catch (ApiException failure) {
      if (!ambiguous(failure) || identity.isEmpty()) {
        throw failure;
      }
      unknownStarts.add(request.tags());
      log.info(
          "Starting the run failed in a way that may have started it ("
              + failure.getMessage()
              + "); looking for jobs with exactly the tags it sent, for up to "
              + LOOK_AGAIN_AT.getLast().toSeconds()
              + " s.");
      Optional<List<Job>> found = lookFor(request);
      if (found.isEmpty()) {
        throw ApiException.invalid(
            "Could not tell whether the runs started: starting failed ("
                + failure.getMessage()
                + ") and no list of jobs could be read to the end. Look in nunu for runs tagged "
                + attemptTag()
                + " before running the workflow again, so as not to start them twice.");
      }
      if (!found.get().isEmpty()) {
        unknownStarts.remove(request.tags());
        log.info(
            "Found the "
                + found.get().size()
                + " job(s) this start made; going on with them as if the answer had arrived.");
        return new Outcome(adopted(request, found.get()), false);
      }
      log.info(
          "No job carries this start's tags after "
              + LOOK_AGAIN_AT.getLast().toSeconds()
              + " s: it did not start; starting once more (a late first start is stopped when"
              + " it shows up).");
      return new Outcome(started(api.startRun(request.body())), true);
    }
  }

  /**
   * Whether a failed start may have started runs anyway: its answer was lost after the request went
   * out, or a gateway answered 5xx instead of nunu (nunu's own error body is definite).
   */
  static boolean ambiguous(ApiException failure) {
    if (failure.status() == 0) {
      return failure.outcomeUnknown();
    }
    JsonNode body = failure.errorBody();
    return failure.status() >= 500 && (body == null || !body.has("error"));
  }

  private StartedRun started(StartedRun started) {
    startedSoFar.addAll(started.jobIds());
    return started;
  }

  /**
   * The jobs that carry every tag the start sent (and its test), not yet known to this step: empty
   * when a complete list shows none over the whole window, absent when no list could tell.
   */
  private Optional<List<Job>> lookFor(Request request) {
    long from = clock.nanoTime();
    Listed<Job> last = null;
    boolean noted = false;
    for (Duration at : LOOK_AGAIN_AT) {
      pauseUntil(from + at.toNanos());
      Listed<Job> listed;
      try {
        listed = api.jobsTagged(request.tags(), EarlierRuns.MAX_PAGES);
      } catch (ApiException e) {
        log.info("Looking for the start's jobs failed: " + e.getMessage());
        last = null;
        continue;
      }
      last = listed;
      if (listed.problem() != null && !noted) {
        noted = true;
        log.notice(
            "nunu's job list held "
                + listed.problem()
                + ": only jobs that carry every tag of this start are taken as its own.",
            "Lost start");
      }
      List<Job> ours = ours(listed, request);
      if (!ours.isEmpty()) {
        return Optional.of(settled(request, ours));
      }
    }
    return last != null && last.complete() ? Optional.of(List.of()) : Optional.empty();
  }

  /** A start's jobs may be listed one by one: look again until the set stops growing. */
  private List<Job> settled(Request request, List<Job> found) {
    List<Job> ours = found;
    for (int look = 0; look < SETTLE_LOOKS; look++) {
      clock.sleep(SETTLE, cancellation);
      try {
        List<Job> again = ours(api.jobsTagged(request.tags(), EarlierRuns.MAX_PAGES), request);
        if (ids(again).equals(ids(ours)) || again.size() < ours.size()) {
          return ours;
        }
        ours = again;
      } catch (ApiException e) {
        return ours;
      }
    }
    return ours;
  }

  private List<Job> ours(Listed<Job> listed, Request request) {
    String testId = request.run().target() instanceof TestTarget test ? test.testId() : null;
    return listed.matching().stream()
        .filter(job -> testId == null || testId.equals(job.testId()))
        .filter(job -> !startedSoFar.contains(job.jobId()))
        .toList();
  }

  private static Set<String> ids(List<Job> jobs) {
    var ids = new LinkedHashSet<String>();
    jobs.forEach(job -> ids.add(job.jobId()));
    return ids;
  }

  private StartedRun adopted(Request request, List<Job> found) {
    Job first = found.get(0);
    String testId = request.run().target() instanceof InstructionsTarget ? first.testId() : null;
    return started(
        new StartedRun(
            found.stream().map(Job::jobId).toList(),
            first.buildId(),
            first.testPlanExecutionId(),
            testId,
            null));
  }

  private void pauseUntil(long nanos) {
    long left = nanos - clock.nanoTime();
    if (left > 0) {
      clock.sleep(Duration.ofNanos(left), cancellation);
    }
  }

  private String attemptTag() {
    return identity.map(Identity::attemptTag).orElse("");
  }

  /** Stops what earlier runs of this workflow started for this step (supersede: pr or ref). */
  private List<String> supersede() {
    if (run.supersede() == Supersede.NONE || identity.isEmpty()) {
      return List.of();
    }
    boolean byPullRequest = run.supersede() == Supersede.PR;
    if (identity.get().sameStep(byPullRequest).isEmpty()) {
      log.info("supersede: pr applies to pull request events only; nothing is superseded.");
      return List.of();
    }
    List<String> older;
    try {
      older = earlierRuns().toSupersede(byPullRequest);
    } catch (ApiException e) {
      log.warning(
          "Could not look for the runs of earlier pushes (" + e.getMessage() + "); none stopped.",
          "Supersede");
      return List.of();
    }
    String mode = byPullRequest ? "pr" : "ref";
    new RunStopper(api, log)
        .stop(older, "a newer run of this workflow supersedes them (supersede: " + mode + ")");
    return older;
  }

  /**
   * On a re-run attempt, what earlier attempts ran: with {@code rerun: failed}, what need not run
   * again; with either, what a different result now makes flaky.
   */
  private Map<String, Attempted> earlierAttempts() {
    if (identity.isEmpty() || identity.get().attempt() <= 1) {
      return Map.of();
    }
    try {
      return earlierRuns().ofEarlierAttempts();
    } catch (ApiException e) {
      if (run.rerun() == Rerun.FAILED) {
        log.warning(
            "Could not look up the earlier attempts' runs ("
                + e.getMessage()
                + "); starting everything again.",
            "Re-run");
      } else {
        log.info(
            "Could not look up the earlier attempts' runs ("
                + e.getMessage()
                + "); a test is not compared with its earlier attempts.");
      }
      return Map.of();
    }
  }

  private EarlierRuns earlierRuns() {
    return new EarlierRuns(api, identity.get(), log);
  }
}
