package io.github.nunuaction.report;

import io.github.nunuaction.results.Baseline;
import io.github.nunuaction.results.JobResult;
import io.github.nunuaction.results.Outcome;
import io.github.nunuaction.results.Results;
import io.github.nunuaction.results.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One leg's section of the pull request comment, for reviewers: the verdict, the failed tests first
 * with the failing step's report and the titles of their bugs, the counts, the bug table, and a
 * link to the job's log (or the workflow run). API text is escaped like the summary. It stays
 * within its budget: failed tests are added while they fit, and a line says how many did not.
 */
public final class ReviewComment {
  /** GitHub refuses comments longer than this. */
  public static final int MAX_CHARS = 65_536;

  /** A job's only section may use this much; legs share it ({@link #budgetFor}). */
  public static final int BUDGET = 60_000;

  private static final int MIN_BUDGET = 2_000;
  private static final int REPORT_CHARS = 400;
  private static final int BUG_ROWS = 20;

  private final Markdown markdown;

  public ReviewComment(Markdown markdown) {
    this.markdown = markdown;
  }

  /** What each of {@code legs} sections may use, so that together they fit a comment. */
  public static int budgetFor(int legs) {
    return Math.max(MIN_BUDGET, BUDGET / Math.max(1, legs));
  }

  /**
   * @param label the leg's label ({@code device: pixel-8}), or empty for a job's only leg
   * @param link the job's log, or the workflow run, whose summary has everything; may be null
   * @param budget the characters the section may use
   */
  public String section(Results results, String label, String link, int budget) {
    var head = new StringBuilder();
    head.append("### ")
        .append(StepSummary.icon(results.conclusion()))
        .append(" nunu.ai")
        .append(label.isEmpty() ? "" : " · " + markdown.text(label, 200))
        .append(": ")
        .append(new StepSummary(markdown).verdict(results))
        .append("\n\n");
    if (results.startedWhat() != null) {
      head.append("Ran ").append(markdown.text(results.startedWhat(), 200));
      if (results.planExecution() != null && results.planExecution().testPlanName() != null) {
        head.append(" (")
            .append(markdown.text(results.planExecution().testPlanName(), 200))
            .append(')');
      }
      if (results.buildId() != null) {
        head.append(" on build ").append(markdown.code(results.buildId()));
      }
      head.append(".\n\n");
    }
    for (String problem : results.problems()) {
      head.append("> [!WARNING]\n> ").append(markdown.text(problem, 600)).append("\n\n");
    }
    String tail = tail(results, link);
    String bugs = BugTable.render(BugTable.rows(results), BUG_ROWS, markdown);
    if (head.length() + tail.length() + bugs.length() > budget) {
      bugs = "";
    }
    var out = new StringBuilder(head);
    appendBullets(out, "Failed", failures(results), " more failed tests", budget, tail, bugs);
    List<String> excused = new ExcusedSection(markdown).comment(results);
    appendBullets(out, "Flaky or quarantined", excused, " more", budget, tail, bugs);
    if (!bugs.isEmpty()) {
      out.append("**Bugs**\n\n").append(bugs);
    }
    return out.append(tail).toString();
  }

  /**
   * A titled list of bullets, as many as fit in the budget left beside what the comment must keep
   * (the tail and the bugs); the rest are counted and sent to the summary.
   */
  private static void appendBullets(
      StringBuilder out,
      String title,
      List<String> bullets,
      String more,
      int budget,
      String tail,
      String bugs) {
    if (bullets.isEmpty()) {
      return;
    }
    out.append("**").append(title).append("**\n\n");
    int shown =
        Budget.chars(budget)
            .spend(out)
            .spend(tail)
            .spend(bugs)
            .reserve(200)
            .appendWhileFits(bullets, bullets.size(), out);
    if (shown < bullets.size()) {
      out.append("\n_")
          .append(bullets.size() - shown)
          .append(more)
          .append(": see the workflow run's summary._\n");
    }
    out.append('\n');
  }

  /** One bullet per failed or errored test: its result, whether it is new, why, its bugs. */
  private List<String> failures(Results results) {
    var lines = new ArrayList<String>();
    for (JobResult job : results.jobs()) {
      if (results.review().excuses().excused(job)) {
        continue;
      }
      for (RunResult run : job.runs()) {
        if (run.superseded()
            || (run.outcome() != Outcome.FAILED && run.outcome() != Outcome.ERRORED)) {
          continue;
        }
        String name = run.testName() != null ? run.testName() : job.displayName();
        var line = new StringBuilder("- ");
        line.append(StepSummary.icon(run.outcome()))
            .append(" **")
            .append(markdown.text(name, 200))
            .append("** · ")
            .append(markdown.text(run.result() == null ? "NO RESULT" : run.result(), 40));
        Baseline baseline = results.review().baselines().get(job.jobId());
        if (baseline != null) {
          line.append(" · ").append(markdown.text(baseline.describe(), 120));
        }
        line.append("<br>").append(markdown.text(Explanation.of(run), REPORT_CHARS));
        if (!run.bugs().isEmpty()) {
          line.append("<br>Bugs: ")
              .append(
                  run.bugs().stream()
                      .map(bug -> markdown.text(bug.title(), 120))
                      .collect(Collectors.joining("; ")));
        }
        lines.add(line.append('\n').toString());
      }
      if (job.runs().isEmpty() && job.outcomes().contains(Outcome.ERRORED)) {
        lines.add(
            "- "
                + StepSummary.icon(Outcome.ERRORED)
                + " **"
                + markdown.text(job.displayName(), 200)
                + "** · "
                + markdown.text(
                    job.rejectionReason() != null
                        ? "rejected by the queue: " + job.rejectionReason()
                        : "finished without a run",
                    300)
                + "\n");
      }
    }
    return lines;
  }

  private String tail(Results results, String link) {
    String steps = link == null ? "" : " · [Steps, reports and artifacts in the run](" + link + ")";
    return "<sub>nunu-action · " + results.counts().describe() + steps + "</sub>\n";
  }
}
