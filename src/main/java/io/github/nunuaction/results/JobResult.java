package io.github.nunuaction.results;

import io.github.nunuaction.nunu.Job;
import java.util.List;

/**
 * A job and its runs; {@code status} is the last status seen, null if it was never seen.
 *
 * @param testId the test behind the job, or null when the job was never seen
 * @param earlierAttempt the earlier attempt of the workflow run whose result this is (a re-run did
 *     not start the test again), or 0 when this attempt ran it
 */
public record JobResult(
    String jobId,
    String testId,
    String testName,
    String status,
    String rejectionReason,
    List<RunResult> runs,
    int earlierAttempt) {

  /** A job we never saw (polling failed from the start, or we did not wait). */
  public static JobResult unseen(String jobId) {
    return new JobResult(jobId, null, null, null, null, List.of(), 0);
  }

  /** This result, as one carried over from an earlier attempt. */
  public JobResult fromAttempt(int attempt) {
    return new JobResult(jobId, testId, testName, status, rejectionReason, runs, attempt);
  }

  /** The outcomes that count: one per counted run, or one error for a job that ran nothing. */
  public List<Outcome> outcomes() {
    List<Outcome> counted =
        runs.stream().filter(r -> !r.superseded()).map(RunResult::outcome).toList();
    if (!counted.isEmpty()) {
      return counted;
    }
    // A rejected job is an error even before it completes; a completed one without runs, too.
    return rejectionReason != null || finished()
        ? List.of(Outcome.ERRORED)
        : List.of(Outcome.UNFINISHED);
  }

  /** Completed: the only terminal status (API.md 4.2), for rejected jobs too. */
  public boolean finished() {
    return Job.COMPLETED.equals(status);
  }

  public String displayName() {
    if (testName != null) {
      return testName;
    }
    return runs.stream()
        .map(RunResult::testName)
        .filter(n -> n != null)
        .findFirst()
        .orElse("job " + jobId);
  }
}
