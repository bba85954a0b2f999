package io.github.nunuaction.results;

import java.util.List;

/** How the counted runs ended, and how many bugs they reported. */
public record Counts(int passed, int failed, int errored, int unfinished, int bugs) {

  public static Counts of(List<JobResult> jobs) {
    int passed = 0;
    int failed = 0;
    int errored = 0;
    int unfinished = 0;
    int bugs = 0;
    for (JobResult job : jobs) {
      for (Outcome outcome : job.outcomes()) {
        switch (outcome) {
          case PASSED -> passed++;
          case FAILED -> failed++;
          case ERRORED -> errored++;
          case UNFINISHED -> unfinished++;
        }
      }
      for (RunResult run : job.runs()) {
        if (!run.superseded()) {
          bugs += run.bugCount();
        }
      }
    }
    return new Counts(passed, failed, errored, unfinished, bugs);
  }

  /** {@code 3 passed, 1 failed, 0 errored, 2 bugs}. */
  public String describe() {
    return passed + " passed, " + failed + " failed, " + errored + " errored, " + bugs + " bugs";
  }

  /** The conclusion of finished jobs: any execution error, else any failure, else success. */
  public Conclusion conclusion() {
    return errored > 0 ? Conclusion.ERROR : failed > 0 ? Conclusion.FAILURE : Conclusion.SUCCESS;
  }
}
