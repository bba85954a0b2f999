package io.github.nunuaction.results;

import io.github.nunuaction.config.Quarantine;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What keeps a failing test from failing the step (README, "Flaky tests"): it is flaky, or it is in
 * quarantine.
 *
 * @param flaky the job ids (latest tries) of the flaky tests: on the same build, one try failed and
 *     another passed
 * @param quarantined job id → the quarantine entry in force that names its test, passing or not
 * @param flakyFails {@code fail-on-flaky}: a flaky test counts as failed, not passed
 */
public record Excuses(
    Set<String> flaky, Map<String, Quarantine.Entry> quarantined, boolean flakyFails) {
  public static final Excuses NONE = new Excuses(Set.of(), Map.of(), false);

  public Excuses {
    flaky = Set.copyOf(flaky);
    quarantined = Map.copyOf(quarantined);
  }

  /**
   * The flaky tests among {@code jobs}: those whose tries on this build (the earlier ones in {@code
   * earlierTries}, by the latest try's job id, then the latest) include a pass and a failure, and
   * whose latest try finished.
   */
  public static Set<String> flakyOf(
      List<JobResult> jobs, Map<String, List<JobResult>> earlierTries) {
    var flaky = new LinkedHashSet<String>();
    for (JobResult job : jobs) {
      if (job.outcomes().contains(Outcome.UNFINISHED)) {
        continue;
      }
      List<JobResult> earlier = earlierTries.getOrDefault(job.jobId(), List.of());
      boolean passed = passed(job) || earlier.stream().anyMatch(Excuses::passed);
      boolean failed = failed(job) || earlier.stream().anyMatch(Excuses::failed);
      if (passed && failed) {
        flaky.add(job.jobId());
      }
    }
    return flaky;
  }

  /** Every counted run passed. */
  public static boolean passed(JobResult job) {
    List<Outcome> outcomes = job.outcomes();
    return !outcomes.isEmpty() && outcomes.stream().allMatch(o -> o == Outcome.PASSED);
  }

  /** A counted run failed or errored. */
  public static boolean failed(JobResult job) {
    return job.outcomes().stream().anyMatch(o -> o == Outcome.FAILED || o == Outcome.ERRORED);
  }

  /**
   * Each try's result, oldest first: {@code failed on its first try, then passed on retry 1}, or
   * with earlier attempts of the workflow run {@code passed in attempt 1, then failed in this
   * attempt}.
   */
  public static String describeTries(List<JobResult> tries) {
    boolean earlierAttempts = tries.stream().anyMatch(job -> job.earlierAttempt() > 0);
    var said = new StringBuilder();
    int tryNow = 0;
    for (JobResult job : tries) {
      said.append(said.isEmpty() ? "" : ", then ").append(verdict(job));
      if (job.earlierAttempt() > 0) {
        said.append(" in attempt ").append(job.earlierAttempt());
      } else if (tryNow++ > 0) {
        said.append(" on retry ").append(tryNow - 1);
      } else {
        said.append(earlierAttempts ? " in this attempt" : " on its first try");
      }
    }
    return said.toString();
  }

  private static String verdict(JobResult job) {
    List<Outcome> outcomes = job.outcomes();
    if (Excuses.passed(job)) {
      return "passed";
    }
    return outcomes.contains(Outcome.FAILED) ? "failed" : "errored";
  }

  public boolean isFlaky(JobResult job) {
    return flaky.contains(job.jobId());
  }

  /**
   * The quarantine entry that excuses this job's failure, or null: a failed test's, and a flaky
   * one's when {@code fail-on-flaky} would fail it.
   */
  public Quarantine.Entry excusing(JobResult job) {
    boolean failing = isFlaky(job) ? flakyFails : failed(job);
    return failing ? quarantined.get(job.jobId()) : null;
  }

  /** Whether this job's failure does not fail the step. */
  public boolean excused(JobResult job) {
    return isFlaky(job) && !flakyFails || excusing(job) != null;
  }
}
