package io.github.nunuaction.report;

import io.github.nunuaction.actions.Workflow;
import io.github.nunuaction.results.Conclusion;
import io.github.nunuaction.results.Counts;
import io.github.nunuaction.results.JobResult;
import io.github.nunuaction.results.Outcome;
import io.github.nunuaction.results.Results;
import io.github.nunuaction.results.RunResult;
import java.util.Arrays;

/**
 * Check annotations: an error per failed or errored run with the test name and the start of its
 * report, and one notice with the totals. GitHub shows at most ten errors per step, so we stop
 * there and say how many more there were.
 */
public final class Annotations {
  static final int MAX_ERRORS = 10;
  private static final int REPORT_LINES = 5;
  private static final int REPORT_CHARS = 600;

  private Annotations() {}

  public static void write(Results results, Workflow workflow) {
    int errors = 0;
    int more = 0;
    for (JobResult job : results.jobs()) {
      for (RunResult run : job.runs()) {
        if (run.superseded()
            || (run.outcome() != Outcome.FAILED && run.outcome() != Outcome.ERRORED)) {
          continue;
        }
        if (errors++ >= MAX_ERRORS) {
          more++;
          continue;
        }
        String name = run.testName() != null ? run.testName() : job.displayName();
        workflow.error(
            "nunu: " + name + " " + run.result(),
            "Run " + run.runId() + ": " + firstLines(Explanation.of(run)));
      }
      if (job.runs().isEmpty() && job.rejectionReason() != null && errors++ < MAX_ERRORS) {
        workflow.error(
            "nunu: " + job.displayName() + " rejected",
            "Job " + job.jobId() + " was rejected by the nunu queue: " + job.rejectionReason());
      }
    }
    if (more > 0) {
      workflow.error(
          "nunu: " + more + " more failed runs",
          "See the step summary or results.json for all of them.");
    }
    if (!results.jobs().isEmpty() && results.conclusion() != Conclusion.STARTED) {
      Counts c = results.counts();
      workflow.notice(
          "nunu.ai results",
          c.passed()
              + " passed, "
              + c.failed()
              + " failed, "
              + c.errored()
              + " errored"
              + (c.unfinished() > 0 ? ", " + c.unfinished() + " unfinished" : "")
              + ", "
              + c.bugs()
              + " bugs ("
              + results.conclusion().output()
              + ")");
    }
  }

  private static String firstLines(String text) {
    String[] lines = text.split("\\R", REPORT_LINES + 1);
    String joined =
        String.join("\n", Arrays.asList(lines).subList(0, Math.min(lines.length, REPORT_LINES)));
    if (joined.length() > REPORT_CHARS) {
      joined = joined.substring(0, REPORT_CHARS);
    }
    return joined.length() < text.length() ? joined + " …" : joined;
  }
}
