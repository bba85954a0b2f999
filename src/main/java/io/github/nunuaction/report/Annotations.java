package io.github.nunuaction.report;

import io.github.nunuaction.actions.Log;
import io.github.nunuaction.config.Quarantine;
import io.github.nunuaction.results.Conclusion;
import io.github.nunuaction.results.Counts;
import io.github.nunuaction.results.JobResult;
import io.github.nunuaction.results.Outcome;
import io.github.nunuaction.results.Results;
import io.github.nunuaction.results.RunResult;
import java.util.Arrays;

/**
 * Check annotations: an error per failed or errored run with the test name and the start of its
 * report (a notice instead for a failure the quarantine excuses; a flaky test's failed tries were
 * said as a warning already), and one notice with the totals. GitHub shows at most ten errors per
 * step, so we stop there and say how many more there were.
 */
public final class Annotations {
  static final int MAX_ERRORS = 10;
  private static final int REPORT_LINES = 5;
  private static final int REPORT_CHARS = 600;

  private Annotations() {}

  public static void write(Results results, Log log) {
    int errors = 0;
    int more = 0;
    for (JobResult job : results.jobs()) {
      Quarantine.Entry quarantined = results.review().excuses().excusing(job);
      if (quarantined != null) {
        log.notice(
            job.displayName()
                + " failed; its failure is excused by the quarantine: "
                + quarantined.reason()
                + " ("
                + quarantined.terms()
                + ").",
            "nunu: quarantined failure");
        continue;
      }
      if (results.review().excuses().isFlaky(job) && !results.review().excuses().flakyFails()) {
        // Its tries were said as one warning ("Flaky test"): no red for a test that counts as
        // passed.
        continue;
      }
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
        log.error(
            "Run " + run.runId() + ": " + firstLines(Explanation.of(run)),
            "nunu: " + name + " " + run.result());
      }
      if (job.runs().isEmpty() && job.rejectionReason() != null && errors++ < MAX_ERRORS) {
        log.error(
            "Job " + job.jobId() + " was rejected by the nunu queue: " + job.rejectionReason(),
            "nunu: " + job.displayName() + " rejected");
      }
    }
    if (more > 0) {
      log.error(
          "See the step summary or results.json for all of them.",
          "nunu: " + more + " more failed runs");
    }
    if (!results.jobs().isEmpty() && results.conclusion() != Conclusion.STARTED) {
      Counts c = results.counts();
      log.notice(
          c.passed()
              + " passed, "
              + c.failed()
              + " failed, "
              + c.errored()
              + " errored"
              + (c.unfinished() > 0 ? ", " + c.unfinished() + " unfinished" : "")
              + (c.flaky() > 0 ? ", " + c.flaky() + " flaky" : "")
              + (c.quarantined() > 0 ? ", " + c.quarantined() + " quarantined" : "")
              + ", "
              + c.bugs()
              + " bugs ("
              + results.conclusion().output()
              + ")",
          "nunu.ai results");
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
