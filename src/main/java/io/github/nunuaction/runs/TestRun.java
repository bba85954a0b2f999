package io.github.nunuaction.runs;

import io.github.nunuaction.actions.Workflow;
import io.github.nunuaction.config.Identity;
import io.github.nunuaction.config.Inputs;
import io.github.nunuaction.config.Inputs.PlanTarget;
import io.github.nunuaction.core.Cancellation;
import io.github.nunuaction.core.Cancellation.Cancelled;
import io.github.nunuaction.core.Clock;
import io.github.nunuaction.http.ApiException;
import io.github.nunuaction.nunu.Job;
import io.github.nunuaction.nunu.JobFilter;
import io.github.nunuaction.nunu.NunuApi;
import io.github.nunuaction.nunu.PlanExecution;
import io.github.nunuaction.results.Conclusion;
import io.github.nunuaction.results.Counts;
import io.github.nunuaction.results.Excuses;
import io.github.nunuaction.results.JobResult;
import io.github.nunuaction.results.Results;
import io.github.nunuaction.runs.Starter.Started;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The run phase: start what the inputs ask for, wait for its jobs and collect their results. What
 * is known stays readable whatever ended the phase (a timeout, a failure, a cancellation), so that
 * the report holds it and the right jobs are stopped.
 */
public final class TestRun {
  private final Inputs.Run run;
  private final Inputs.Waiting waiting;
  private final NunuApi api;
  private final Workflow workflow;
  private final Clock clock;
  private final Cancellation cancellation;
  private final Optional<Identity> identity;

  private final Starter starter;
  private Started started;
  private JobWaiter waiter;
  private PlanExecution planExecution;
  // Each test's latest try, in the order of the first start; and by it, this step's earlier tries.
  private final List<String> latest = new ArrayList<>();
  private final Map<String, List<JobResult>> retried = new LinkedHashMap<>();

  public TestRun(
      Inputs.Run run,
      Inputs.Waiting waiting,
      NunuApi api,
      Workflow workflow,
      Clock clock,
      Cancellation cancellation,
      Optional<Identity> identity) {
    this.run = run;
    this.waiting = waiting;
    this.api = api;
    this.workflow = workflow;
    this.clock = clock;
    this.cancellation = cancellation;
    this.identity = identity;
    this.starter = new Starter(run, api, workflow, identity, clock, cancellation);
  }

  /**
   * Starts the run on the builds (by role; none may be there) and, unless told not to, waits for
   * it.
   *
   * @param problems receives what went wrong in a way the report should say (a timeout)
   */
  public Conclusion execute(Map<String, String> buildIds, Consumer<String> problems) {
    started = workflow.group("Start " + RunRequests.describe(run), () -> starter.start(buildIds));
    List<String> jobIds = started.jobIds();
    workflow.saveList("job-ids", jobIds);
    started.problems().forEach(problems);
    if (jobIds.isEmpty()) {
      return Counts.of(jobs()).conclusion();
    }
    if (!waiting.enabled()) {
      return Conclusion.STARTED;
    }
    waiter =
        new JobWaiter(
            api,
            new RunStopper(api, workflow),
            workflow,
            clock,
            cancellation,
            waiting.pollInterval(),
            jobFilter());
    waiter.watchingFor(started.watchTags(), problems);
    latest.addAll(jobIds);
    long deadline = clock.nanoTime() + waiting.timeout().toNanos();
    JobWaiter.Waited waited =
        workflow.group(
            "Wait for " + jobIds.size() + (jobIds.size() == 1 ? " job" : " jobs"),
            () -> waiter.waitFor(jobIds, deadline));
    if (!waited.timedOut()) {
      waited = retryFailed(buildIds, deadline);
    }
    if (waited.timedOut()) {
      String message =
          "Timed out after "
              + waiting.timeout().toMinutes()
              + " minutes (timeout-minutes) with "
              + waited.unfinished().size()
              + " job(s) unfinished; they are being stopped.";
      workflow.warning(message, "Timeout");
      problems.accept(message);
      new RunStopper(api, workflow).stop(waited.unfinished(), "timeout-minutes ran out");
      return Conclusion.TIMEOUT;
    }
    if (run.target() instanceof PlanTarget plan && started.testPlanExecutionId() != null) {
      planExecution = planExecution(started.testPlanExecutionId(), plan.testPlanId());
    }
    return Counts.of(jobs()).conclusion();
  }

  /**
   * {@code retry-failed}: starts each test whose latest try failed or errored again, up to that
   * many times, and waits for the retries within the same deadline. Returns how the last wait
   * ended.
   */
  private JobWaiter.Waited retryFailed(Map<String, String> buildIds, long deadline) {
    for (int retry = 1; retry <= run.retryFailed(); retry++) {
      List<JobResult> failing = waiter.results(latest).stream().filter(Excuses::failed).toList();
      if (failing.isEmpty() || clock.nanoTime() >= deadline) {
        break;
      }
      int number = retry;
      Map<String, String> retries =
          workflow.group(
              "Retry "
                  + failing.size()
                  + " failed test(s): retry "
                  + number
                  + " of "
                  + run.retryFailed()
                  + " (retry-failed)",
              () -> starter.retry(failing, number, buildIds));
      workflow.saveList("job-ids", starter.startedSoFar());
      for (JobResult failed : failing) {
        String next = retries.get(failed.jobId());
        if (next != null) {
          var tries = new ArrayList<>(retried.getOrDefault(failed.jobId(), List.of()));
          retried.remove(failed.jobId());
          tries.add(failed);
          retried.put(next, tries);
          latest.set(latest.indexOf(failed.jobId()), next);
        }
      }
      List<String> waitFor = List.copyOf(retries.values());
      if (waitFor.isEmpty()) {
        break;
      }
      waiter
          .watchingFor(List.of(), problem -> {})
          .listingBy(
              identity
                  .map(id -> JobFilter.tagged(retryTags(id.thisAttempt(), number)))
                  .orElse(null));
      JobWaiter.Waited waited =
          workflow.group(
              "Wait for " + waitFor.size() + " retried test(s)",
              () -> waiter.waitFor(waitFor, deadline));
      if (waited.timedOut()) {
        return waited;
      }
    }
    return new JobWaiter.Waited(false, List.of());
  }

  private static List<String> retryTags(List<String> attemptTags, int retry) {
    var tags = new ArrayList<>(attemptTags);
    tags.add(Identity.retryTag(retry));
    return tags;
  }

  /**
   * How to list this step's jobs: by its test plan execution when that is all it started, else by
   * this attempt's tags; without either, each job is polled.
   */
  private JobFilter jobFilter() {
    if (started.testPlanExecutionId() != null && started.carried().isEmpty()) {
      return JobFilter.execution(started.testPlanExecutionId());
    }
    return identity.map(id -> JobFilter.tagged(id.thisAttempt())).orElse(null);
  }

  private PlanExecution planExecution(String executionId, String testPlanId) {
    try {
      return api.planExecution(executionId, testPlanId);
    } catch (ApiException e) {
      workflow.info("Could not read the test plan execution's counts: " + e.getMessage());
      return null;
    }
  }

  /** Whether runs were started (so the post step has jobs to watch over). */
  public boolean started() {
    return started != null && !started.jobIds().isEmpty();
  }

  /** The jobs this step started that may still be running on nunu. */
  public List<String> unfinished() {
    if (started == null) {
      // A start failed part way: what the earlier starts made is still this step's.
      return starter.startedSoFar();
    }
    if (waiter == null) {
      return waiting.enabled() ? started.jobIds() : List.of();
    }
    return waiter.unfinished(starter.startedSoFar());
  }

  /**
   * Stops everything this step may have left running after a failure or a cancellation: the jobs it
   * knows, and, when a start's outcome stayed unknown, whatever a last lookup by that start's tags
   * finds. If that lookup fails, the error names the tags to look for in nunu.
   *
   * @param cancelled whether the workflow was cancelled: then there are seconds only, one attempt
   *     per request
   */
  public void abandon(String why, boolean cancelled) {
    NunuApi cleanup = cancelled ? api.forCleanup() : api;
    var stopper = new RunStopper(cleanup, workflow);
    List<String> known = unfinished();
    stopper.stop(known, why);
    for (List<String> tags : starter.unknownStarts()) {
      List<String> left;
      try {
        left =
            cleanup.jobsTagged(tags, EarlierRuns.MAX_PAGES).matching().stream()
                .filter(job -> !job.completed() && !known.contains(job.jobId()))
                .map(Job::jobId)
                .toList();
      } catch (ApiException | Cancelled e) {
        workflow.error(
            "A start's answer was lost and the runs it may have made could not be looked up ("
                + e.getMessage()
                + "). In nunu, look for runs tagged "
                + String.join(", ", tags)
                + " and stop them.",
            "Runs may be left running");
        continue;
      }
      stopper.stop(left, why + " (found by the tags of a start whose answer was lost)");
    }
  }

  /**
   * What is known about every job: results carried from earlier attempts first, then the jobs
   * started now.
   */
  public List<JobResult> jobs() {
    if (started == null) {
      return List.of();
    }
    var jobs = new ArrayList<>(started.carried());
    jobs.addAll(
        waiter != null
            ? waiter.results(latest.isEmpty() ? started.jobIds() : latest)
            : started.jobIds().stream().map(JobResult::unseen).toList());
    return jobs;
  }

  /** What was started, for the report (its description also when starting failed). */
  public Results.Started what() {
    return new Results.Started(
        RunRequests.describe(run), RunRequests.configs(run), testPlanExecutionId(), superseded());
  }

  /** What is known of the runs now, with each test's earlier tries. */
  public Results.Collected collected() {
    List<JobResult> jobs = jobs();
    var tries = new LinkedHashMap<String, List<JobResult>>();
    for (JobResult job : jobs) {
      var earlier = new ArrayList<JobResult>();
      if (started != null && job.earlierAttempt() == 0 && job.testId() != null) {
        // Only one job for the test, then and now: a job per device (all-devices) or a test
        // listed twice in a plan cannot be paired with its earlier self.
        List<JobResult> before = started.earlier().getOrDefault(job.testId(), List.of());
        long now = jobs.stream().filter(other -> job.testId().equals(other.testId())).count();
        if (before.size() == 1 && now == 1) {
          earlier.addAll(before);
        }
      }
      earlier.addAll(retried.getOrDefault(job.jobId(), List.of()));
      if (!earlier.isEmpty()) {
        tries.put(job.jobId(), earlier);
      }
    }
    return new Results.Collected(jobs, planExecution, tries);
  }

  /** The jobs of earlier workflow runs that this one stopped (supersede). */
  public List<String> superseded() {
    return started == null ? List.of() : started.superseded();
  }

  /** The build nunu says the run used, or null. */
  public String buildId() {
    return started == null ? null : started.buildId();
  }

  /** The test an ephemeral run created, or null. */
  public String testId() {
    return started == null ? null : started.testId();
  }

  public String testPlanExecutionId() {
    return started == null ? null : started.testPlanExecutionId();
  }

  public PlanExecution planExecution() {
    return planExecution;
  }
}
