package io.github.nunuaction.results;

import java.util.List;

/**
 * How the counted runs ended, and how many bugs they reported. A flaky test counts as passed (as
 * failed with {@code fail-on-flaky}) and is also counted in {@code flaky}; the failed or errored
 * runs of a quarantined test count in {@code quarantined} instead.
 */
public record Counts(
    int passed, int failed, int errored, int unfinished, int bugs, int flaky, int quarantined) {

  public static Counts of(List<JobResult> jobs) {
    return of(jobs, Excuses.NONE);
  }

  public static Counts of(List<JobResult> jobs, Excuses excuses) {
    int passed = 0;
    int failed = 0;
    int errored = 0;
    int unfinished = 0;
    int bugs = 0;
    int flaky = 0;
    int quarantined = 0;
    for (JobResult job : jobs) {
      boolean isFlaky = excuses.isFlaky(job);
      boolean inQuarantine = excuses.excusing(job) != null;
      flaky += isFlaky ? 1 : 0;
      for (Outcome outcome : job.outcomes()) {
        if (outcome == Outcome.UNFINISHED) {
          unfinished++;
        } else if (isFlaky && !excuses.flakyFails()) {
          passed++;
        } else if (inQuarantine) {
          if (isFlaky || outcome != Outcome.PASSED) {
            quarantined++;
          } else {
            passed++;
          }
        } else if (isFlaky) {
          failed++;
        } else {
          switch (outcome) {
            case PASSED -> passed++;
            case FAILED -> failed++;
            default -> errored++;
          }
        }
      }
      for (RunResult run : job.runs()) {
        if (!run.superseded()) {
          bugs += run.bugCount();
        }
      }
    }
    return new Counts(passed, failed, errored, unfinished, bugs, flaky, quarantined);
  }

  /** {@code 3 passed, 1 failed, 0 errored, 2 bugs}, and the flaky and quarantined when any. */
  public String describe() {
    return passed
        + " passed, "
        + failed
        + " failed, "
        + errored
        + " errored, "
        + bugs
        + " bugs"
        + (flaky > 0 ? ", " + flaky + " flaky" : "")
        + (quarantined > 0 ? ", " + quarantined + " quarantined" : "");
  }

  /** The conclusion of finished jobs: any execution error, else any failure, else success. */
  public Conclusion conclusion() {
    return errored > 0 ? Conclusion.ERROR : failed > 0 ? Conclusion.FAILURE : Conclusion.SUCCESS;
  }
}
