package io.github.nunuaction.runs;

import io.github.nunuaction.config.Identity;
import io.github.nunuaction.nunu.Job;
import io.github.nunuaction.nunu.NunuApi;
import io.github.nunuaction.results.Outcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What earlier runs of this step did, found through their identity tags (API.md 2.3.2, "tags ...
 * all must match"): the jobs of earlier workflow runs that a new push supersedes, the tests that
 * passed in an earlier attempt of this workflow run, and the jobs this attempt already started.
 */
final class EarlierRuns {
  private final NunuApi api;
  private final Identity identity;

  EarlierRuns(NunuApi api, Identity identity) {
    this.api = api;
    this.identity = identity;
  }

  /**
   * The unfinished jobs that earlier runs of this workflow started for this step and the same pull
   * request or ref: never this run's, nor a later run's, nor another workflow's or job's.
   */
  List<String> toSupersede(boolean byPullRequest) {
    var tags = identity.sameStep(byPullRequest);
    if (tags.isEmpty()) {
      return List.of();
    }
    long thisRun;
    try {
      thisRun = Long.parseLong(identity.runId());
    } catch (NumberFormatException notGitHubs) {
      return List.of();
    }
    return api.jobsTagged(tags.get()).stream()
        .filter(job -> !job.completed())
        .filter(job -> Identity.runIdOf(job.tags()).map(run -> run < thisRun).orElse(false))
        .map(Job::jobId)
        .toList();
  }

  /** The jobs this attempt of this step started (after a start whose answer was lost). */
  List<Job> ofThisAttempt() {
    return api.jobsTagged(identity.thisAttempt());
  }

  /**
   * The tests an earlier attempt of this workflow run ran for this step, each with the job of the
   * latest attempt that ran it; empty on a first attempt.
   */
  Map<String, Attempted> ofEarlierAttempts() {
    if (identity.attempt() <= 1) {
      return Map.of();
    }
    List<Job> jobs = new ArrayList<>(api.jobsTagged(identity.everyAttempt()));
    jobs.sort(Comparator.comparingInt(job -> Identity.attemptOf(job.tags())));
    var latest = new LinkedHashMap<String, Attempted>();
    for (Job job : jobs) {
      int attempt = Identity.attemptOf(job.tags());
      if (attempt > 0 && attempt < identity.attempt() && job.testId() != null) {
        latest.put(job.testId(), new Attempted(job, attempt));
      }
    }
    return latest;
  }

  /** A test's job in an earlier attempt. */
  record Attempted(Job job, int attempt) {
    /** Completed on {@code buildId}, every counted run a pass: it need not run again. */
    boolean passedOn(String buildId) {
      if (!job.completed() || !Objects.equals(job.buildId(), buildId)) {
        return false;
      }
      List<Outcome> outcomes = ResultCollector.asSeen(job).outcomes();
      return !outcomes.isEmpty() && outcomes.stream().allMatch(o -> o == Outcome.PASSED);
    }
  }
}
