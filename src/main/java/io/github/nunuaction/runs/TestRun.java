package io.github.nunuaction.runs;

import io.github.nunuaction.actions.Workflow;
import io.github.nunuaction.config.Identity;
import io.github.nunuaction.config.Inputs;
import io.github.nunuaction.config.Inputs.PlanTarget;
import io.github.nunuaction.core.Cancellation;
import io.github.nunuaction.core.Clock;
import io.github.nunuaction.core.Json;
import io.github.nunuaction.http.ApiException;
import io.github.nunuaction.nunu.JobFilter;
import io.github.nunuaction.nunu.NunuApi;
import io.github.nunuaction.nunu.PlanExecution;
import io.github.nunuaction.results.Conclusion;
import io.github.nunuaction.results.Counts;
import io.github.nunuaction.results.JobResult;
import io.github.nunuaction.runs.Starter.Started;
import java.util.ArrayList;
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

  private Started started;
  private JobWaiter waiter;
  private PlanExecution planExecution;

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
  }

  /**
   * Starts the run on the builds (by role; none may be there) and, unless told not to, waits for
   * it.
   *
   * @param problems receives what went wrong in a way the report should say (a timeout)
   */
  public Conclusion execute(Map<String, String> buildIds, Consumer<String> problems) {
    started =
        workflow.group(
            "Start " + RunRequests.describe(run),
            () -> new Starter(run, api, workflow, identity).start(buildIds));
    List<String> jobIds = started.jobIds();
    workflow.saveState("job-ids", Json.stringArray(jobIds));
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
            workflow::info,
            message -> workflow.warning("nunu", message),
            clock,
            cancellation,
            waiting.pollInterval(),
            jobFilter());
    JobWaiter.Waited waited =
        workflow.group(
            "Wait for " + jobIds.size() + (jobIds.size() == 1 ? " job" : " jobs"),
            () -> waiter.waitFor(jobIds, clock.nanoTime() + waiting.timeout().toNanos()));
    if (waited.timedOut()) {
      String message =
          "Timed out after "
              + waiting.timeout().toMinutes()
              + " minutes (timeout-minutes) with "
              + waited.unfinished().size()
              + " job(s) unfinished; they are being stopped.";
      workflow.warning("Timeout", message);
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
      return List.of();
    }
    if (waiter == null) {
      return waiting.enabled() ? started.jobIds() : List.of();
    }
    return waiter.unfinished(started.jobIds());
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
            ? waiter.results(started.jobIds())
            : started.jobIds().stream().map(JobResult::unseen).toList());
    return jobs;
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
