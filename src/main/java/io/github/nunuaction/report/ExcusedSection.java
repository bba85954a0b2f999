package io.github.nunuaction.report;

import io.github.nunuaction.config.Quarantine;
import io.github.nunuaction.results.Excuses;
import io.github.nunuaction.results.JobResult;
import io.github.nunuaction.results.Outcome;
import io.github.nunuaction.results.Results;
import io.github.nunuaction.results.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The flaky and the quarantined tests, for the summary (a section each) and the pull request
 * comment (a line each): every try's result, the failing try's report, and the quarantine's reason
 * and date. API text is escaped.
 */
final class ExcusedSection {
  /** More than this many are left to results.json. */
  static final int MAX_LISTED = 50;

  private static final int REPORT_CHARS = 400;

  private final Markdown markdown;

  ExcusedSection(Markdown markdown) {
    this.markdown = markdown;
  }

  /** The summary's sections: "Flaky tests" and "Quarantined tests", when there are any. */
  String summary(Results results) {
    var blocks = new Blocks();
    List<JobResult> flaky = results.flaky();
    if (!flaky.isEmpty()) {
      blocks
          .heading(3, "Flaky tests")
          .paragraph(
              results.review().excuses().flakyFails()
                  ? "They failed and passed on the same build; they fail the step"
                      + " (fail-on-flaky: true)."
                  : "They failed and passed on the same build; they count as passed"
                      + " (fail-on-flaky: true would fail the step).");
      blocks.raw(Blocks.list(limited(flaky.stream().map(job -> flakyLine(results, job)).toList())));
      blocks.raw("\n").raw(more(flaky.size(), "flaky tests"));
    }
    List<JobResult> quarantined = quarantinedJobs(results);
    if (!quarantined.isEmpty()) {
      Excuses excuses = results.review().excuses();
      blocks.heading(3, "Quarantined tests");
      blocks.raw(Blocks.tableHeader(List.of("", "Test", "Result", "Reason", "Until", "Owner")));
      for (JobResult job : limited(quarantined)) {
        Quarantine.Entry entry = excuses.quarantined().get(job.jobId());
        boolean excused = excuses.excusing(job) != null;
        blocks.raw(
            Blocks.row(
                List.of(
                    excused ? "🔕" : StepSummary.icon(job.outcomes().get(0)),
                    markdown.text(job.displayName(), 200),
                    excused
                        ? "failed, excused"
                        : Excuses.passed(job)
                            ? "passed: can leave the quarantine"
                            : markdown.text(outcome(job), 40),
                    markdown.text(entry.reason(), 300),
                    entry.until().toString(),
                    markdown.text(entry.owner() == null ? "" : entry.owner(), 100)
                        + (entry.link() == null ? "" : " " + markdown.text(entry.link(), 300)))));
      }
      blocks.raw("\n").raw(more(quarantined.size(), "quarantined tests"));
    }
    return blocks.toString();
  }

  /** The comment's lines: one per flaky test and per excused failure. */
  List<String> comment(Results results) {
    var lines = new ArrayList<String>();
    for (JobResult job : limited(results.flaky())) {
      lines.add("- 🟨 " + flakyLine(results, job) + "\n");
    }
    Excuses excuses = results.review().excuses();
    for (JobResult job : limited(results.quarantinedFailures())) {
      Quarantine.Entry entry = excuses.quarantined().get(job.jobId());
      lines.add(
          "- 🔕 **"
              + markdown.text(job.displayName(), 200)
              + "** · failed, quarantined: "
              + markdown.text(entry.reason(), 300)
              + " ("
              + markdown.text(entry.terms(), 300)
              + ")\n");
    }
    return lines;
  }

  /** {@code **Shop opens** · failed on its first try, then passed on retry 1<br>report}. */
  private String flakyLine(Results results, JobResult job) {
    List<JobResult> tries = results.triesOf(job);
    var line =
        new StringBuilder("**")
            .append(markdown.text(job.displayName(), 200))
            .append("** · ")
            .append(markdown.text(Excuses.describeTries(tries), 300))
            .append(" · runs ");
    var runs = new ArrayList<String>();
    for (JobResult tried : tries) {
      for (RunResult run : tried.runs()) {
        if (!run.superseded()) {
          runs.add(StepSummary.icon(run.outcome()) + " " + markdown.code(run.runId()));
        }
      }
    }
    line.append(String.join(", ", runs));
    RunResult failing = failingRun(tries);
    if (failing != null) {
      line.append("<br>Failing try: ").append(markdown.text(Explanation.of(failing), REPORT_CHARS));
    }
    return line.toString();
  }

  /** The latest failed or errored run among the tries, or null. */
  private static RunResult failingRun(List<JobResult> tries) {
    RunResult failing = null;
    for (JobResult tried : tries) {
      for (RunResult run : tried.runs()) {
        if (!run.superseded()
            && (run.outcome() == Outcome.FAILED || run.outcome() == Outcome.ERRORED)) {
          failing = run;
        }
      }
    }
    return failing;
  }

  private static List<JobResult> quarantinedJobs(Results results) {
    return results.jobs().stream()
        .filter(job -> results.review().excuses().quarantined().containsKey(job.jobId()))
        .toList();
  }

  private static String outcome(JobResult job) {
    return job.outcomes().get(0).name().toLowerCase(Locale.ROOT);
  }

  private static String more(int count, String what) {
    return count > MAX_LISTED
        ? "_" + (count - MAX_LISTED) + " more " + what + " are listed in results.json._\n\n"
        : "";
  }

  private static <T> List<T> limited(List<T> items) {
    return items.size() > MAX_LISTED ? items.subList(0, MAX_LISTED) : items;
  }
}
