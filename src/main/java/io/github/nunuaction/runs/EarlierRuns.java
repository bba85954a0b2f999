package io.github.nunuaction.runs;

import io.github.nunuaction.actions.Log;
import io.github.nunuaction.config.Identity;
import io.github.nunuaction.nunu.Job;
import io.github.nunuaction.nunu.Listed;
import io.github.nunuaction.nunu.NunuApi;
import io.github.nunuaction.results.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What earlier runs of this step did, found through their identity tags (API.md 2.3.2, "tags ...
 * all must match"): the jobs of earlier workflow runs that a new push supersedes, and the tests
 * that passed in an earlier attempt of this workflow run. Each listed job is checked against the
 * tags asked for; when the answer held others (the server ignored the filter), the feature does
 * nothing and {@code notice} says so once.
 */
final class EarlierRuns {
  /** Bound on the pages a lookup reads; this step's own jobs fill far fewer. */
  static final int MAX_PAGES = 10;

  private final NunuApi api;
  private final Identity identity;
  private final Log log;

  EarlierRuns(NunuApi api, Identity identity, Log log) {
    this.api = api;
    this.identity = identity;
    this.log = log;
  }

  /**
   * The unfinished jobs that earlier runs of this workflow started for this step and the same pull
   * request or ref: never this run's, nor a later run's, nor another workflow's, job's or
   * repository's. Nothing when the list cannot be trusted.
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
    Listed<Job> listed = api.jobsTagged(tags.get(), MAX_PAGES);
    if (listed.filterIgnored()) {
      log.notice(
          "nunu's job list for supersede held "
              + listed.problem()
              + ": nothing is superseded, so that no run of another workflow, team or repository"
              + " is stopped.",
          "nunu ignored a filter");
      return List.of();
    }
    if (listed.trouble() != null) {
      log.notice(
          "nunu's job list for supersede was cut short ("
              + listed.trouble()
              + "): only the jobs it showed are superseded.",
          "nunu ignored a filter");
    }
    return listed.matching().stream()
        .filter(job -> !job.completed())
        .filter(job -> Identity.runIdOf(job.tags()).map(run -> run < thisRun).orElse(false))
        .map(Job::jobId)
        .toList();
  }

  /**
   * The tests an earlier attempt of this workflow run ran for this step's leg, each with every job
   * of the latest attempt that ran it (a job per device of {@code all-devices}); empty on a first
   * attempt, and when the list cannot be trusted (a re-run then starts everything).
   */
  Map<String, Attempted> ofEarlierAttempts() {
    if (identity.attempt() <= 1) {
      return Map.of();
    }
    Listed<Job> listed = api.jobsTagged(identity.everyAttempt(), MAX_PAGES);
    if (listed.problem() != null) {
      log.notice(
          "nunu's job list of the earlier attempts held "
              + listed.problem()
              + ": this re-run starts every test again (rerun: failed needs a list it can trust).",
          "nunu ignored a filter");
      return Map.of();
    }
    var latest = new LinkedHashMap<String, Attempted>();
    for (Job job : listed.matching()) {
      int attempt = Identity.attemptOf(job.tags());
      if (attempt <= 0 || attempt >= identity.attempt() || job.testId() == null) {
        continue;
      }
      // The latest attempt that ran the test, and in it the latest try (retry-failed).
      var seen = new Attempted(List.of(job), attempt, Identity.retryOf(job.tags()));
      Attempted before = latest.get(job.testId());
      int order = before == null ? 1 : seen.compareTo(before);
      if (order > 0) {
        latest.put(job.testId(), seen);
      } else if (order == 0) {
        var jobs = new ArrayList<>(before.jobs());
        jobs.add(job);
        latest.put(job.testId(), new Attempted(List.copyOf(jobs), attempt, before.retry()));
      }
    }
    return latest;
  }

  /**
   * A test's jobs in the latest earlier attempt that ran it, of its latest try there: one, or one
   * per device.
   */
  record Attempted(List<Job> jobs, int attempt, int retry) {
    /** Later attempt first, then later retry. */
    int compareTo(Attempted other) {
      return attempt != other.attempt
          ? Integer.compare(attempt, other.attempt)
          : Integer.compare(retry, other.retry);
    }

    /**
     * Every job completed on {@code buildId} and every counted run of each (every instance, device
     * and player) a pass: only then need the test not run again.
     */
    boolean completedOn(String buildId) {
      return !jobs.isEmpty()
          && jobs.stream()
              .allMatch(job -> job.completed() && Objects.equals(job.buildId(), buildId));
    }

    boolean passedOn(String buildId) {
      return !jobs.isEmpty()
          && jobs.stream()
              .allMatch(
                  job -> {
                    if (!job.completed() || !Objects.equals(job.buildId(), buildId)) {
                      return false;
                    }
                    List<Outcome> outcomes = ResultCollector.asSeen(job).outcomes();
                    return !outcomes.isEmpty()
                        && outcomes.stream().allMatch(o -> o == Outcome.PASSED);
                  });
    }
  }
}
