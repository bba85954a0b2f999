package io.github.nunuaction.runs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.nunuaction.actions.Commands;
import io.github.nunuaction.actions.Workflow;
import io.github.nunuaction.config.Identity;
import io.github.nunuaction.config.Inputs;
import io.github.nunuaction.config.Inputs.PlanTarget;
import io.github.nunuaction.config.Inputs.Rerun;
import io.github.nunuaction.config.Inputs.Supersede;
import io.github.nunuaction.config.Inputs.TestTarget;
import io.github.nunuaction.http.ApiException;
import io.github.nunuaction.nunu.Job;
import io.github.nunuaction.nunu.NunuApi;
import io.github.nunuaction.nunu.StartedRun;
import io.github.nunuaction.results.JobResult;
import io.github.nunuaction.results.RoleBuild;
import io.github.nunuaction.runs.EarlierRuns.Attempted;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts what the inputs ask for, knowing which workflow run it belongs to: it first stops what
 * this run supersedes, on a re-run starts only what did not pass before, tags every run with its
 * identity, and never starts a set of runs twice, even when an answer is lost.
 */
final class Starter {
  private final Inputs.Run run;
  private final NunuApi api;
  private final Workflow workflow;
  private final Optional<Identity> identity;
  private final ResultCollector collector;

  /** What was started; {@code carried} are earlier attempts' results that were not re-run. */
  record Started(
      List<String> jobIds,
      String buildId,
      String testPlanExecutionId,
      String testId,
      List<JobResult> carried,
      List<String> superseded,
      List<String> problems) {}

  Starter(Inputs.Run run, NunuApi api, Workflow workflow, Optional<Identity> identity) {
    this.run = run;
    this.api = api;
    this.workflow = workflow;
    this.identity = identity;
    this.collector = new ResultCollector(api, message -> workflow.warning("nunu", message));
  }

  Started start(Map<String, String> buildIds) {
    String buildId = buildIds.get(RoleBuild.MAIN);
    List<String> superseded = supersede();
    Map<String, Attempted> earlier = run.rerun() == Rerun.FAILED ? earlierAttempts() : Map.of();
    var carried = new ArrayList<JobResult>();
    var failedBefore = new ArrayList<String>();
    earlier.forEach(
        (testId, attempted) -> {
          if (attempted.passedOn(buildId)) {
            carried.add(collector.finished(attempted.job()).fromAttempt(attempted.attempt()));
          } else {
            failedBefore.add(testId);
          }
        });
    var requests = new ArrayList<ObjectNode>();
    if (carried.isEmpty()) {
      requests.add(RunRequests.body(run, buildIds, tags()));
    } else if (run.target() instanceof PlanTarget) {
      // A plan's tests that did not pass start one by one, on the same config and options.
      for (String testId : failedBefore) {
        requests.add(
            RunRequests.body(run.startingTest(new TestTarget(testId, 0, 1)), buildIds, tags()));
      }
    }
    if (!carried.isEmpty()) {
      workflow.info(
          carried.size()
              + " test(s) passed in an earlier attempt on this build and are not started again"
              + " (rerun: failed); "
              + requests.size()
              + " start now.");
    }
    var jobIds = new ArrayList<String>();
    var problems = new ArrayList<String>();
    String startedBuild = null;
    String execution = null;
    String testId = null;
    for (ObjectNode request : requests) {
      StartedRun started = startOnce(request);
      jobIds.addAll(started.jobIds());
      startedBuild = startedBuild != null ? startedBuild : started.buildId();
      execution = execution != null ? execution : started.testPlanExecutionId();
      testId = testId != null ? testId : started.testId();
      workflow.info(
          "Started "
              + started.jobIds().size()
              + (started.jobIds().size() == 1 ? " job: " : " jobs: ")
              + Commands.oneLine(String.join(", ", started.jobIds()))
              + (started.message() == null
                  ? ""
                  : " (" + Commands.oneLine(started.message()) + ")"));
      for (String device : started.failedDevices()) {
        String problem = "nunu could not start the run on device " + device + ".";
        workflow.warning("Device not started", problem);
        problems.add(problem);
      }
    }
    return new Started(
        List.copyOf(jobIds),
        startedBuild,
        execution,
        testId,
        List.copyOf(carried),
        superseded,
        List.copyOf(problems));
  }

  /**
   * Starts once. When the answer is lost or the server failed (the runs may have started), looks
   * the runs up by this attempt's identity tags: found, they are used as if the answer had come;
   * not found, the start is sent once more. If the lookup fails, nothing is started again.
   */
  private StartedRun startOnce(ObjectNode request) {
    try {
      return api.startRun(request);
    } catch (ApiException failure) {
      if (!failure.outcomeUnknown() || identity.isEmpty()) {
        throw failure;
      }
      String testId = request.path("multiplayer_test_id").asText(null);
      workflow.info(
          "Starting the run failed in a way that may have started it ("
              + failure.getMessage()
              + "); looking for runs with this attempt's tags.");
      List<Job> found;
      try {
        found =
            new EarlierRuns(api, identity.get())
                .ofThisAttempt().stream()
                    .filter(job -> testId == null || testId.equals(job.testId()))
                    .toList();
      } catch (ApiException lookup) {
        throw ApiException.invalid(
            "Could not tell whether the runs started: starting failed ("
                + failure.getMessage()
                + ") and looking them up failed too ("
                + lookup.getMessage()
                + "). Look in nunu for runs tagged "
                + identity.get().attemptTag()
                + " before running the workflow again, so as not to start them twice.");
      }
      if (found.isEmpty()) {
        workflow.info(
            "No runs with this attempt's tags: the start did not happen; starting again.");
        return api.startRun(request);
      }
      workflow.info(
          "Found the "
              + found.size()
              + " job(s) this start made; going on with them as if the answer had arrived.");
      Job first = found.get(0);
      return new StartedRun(
          found.stream().map(Job::jobId).toList(),
          first.buildId(),
          first.testPlanExecutionId(),
          null,
          null);
    }
  }

  /** Stops what earlier runs of this workflow started for this step (supersede: pr or ref). */
  private List<String> supersede() {
    if (run.supersede() == Supersede.NONE || identity.isEmpty()) {
      return List.of();
    }
    boolean byPullRequest = run.supersede() == Supersede.PR;
    if (identity.get().sameStep(byPullRequest).isEmpty()) {
      workflow.info("supersede: pr applies to pull request events only; nothing is superseded.");
      return List.of();
    }
    List<String> older;
    try {
      older = new EarlierRuns(api, identity.get()).toSupersede(byPullRequest);
    } catch (ApiException e) {
      workflow.warning(
          "Supersede",
          "Could not look for the runs of earlier pushes (" + e.getMessage() + "); none stopped.");
      return List.of();
    }
    String mode = byPullRequest ? "pr" : "ref";
    new RunStopper(api, workflow)
        .stop(older, "a newer run of this workflow supersedes them (supersede: " + mode + ")");
    return older;
  }

  private Map<String, Attempted> earlierAttempts() {
    if (identity.isEmpty() || identity.get().attempt() <= 1) {
      return Map.of();
    }
    try {
      return new EarlierRuns(api, identity.get()).ofEarlierAttempts();
    } catch (ApiException e) {
      workflow.warning(
          "Re-run",
          "Could not look up the earlier attempts' runs ("
              + e.getMessage()
              + "); starting everything again.");
      return Map.of();
    }
  }

  private List<String> tags() {
    return identity.map(Identity::tags).orElse(List.of());
  }
}
