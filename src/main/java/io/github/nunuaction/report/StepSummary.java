package io.github.nunuaction.report;

import io.github.nunuaction.core.Formats;
import io.github.nunuaction.nunu.RunDetails;
import io.github.nunuaction.results.Baseline;
import io.github.nunuaction.results.Conclusion;
import io.github.nunuaction.results.Counts;
import io.github.nunuaction.results.Excuses;
import io.github.nunuaction.results.JobResult;
import io.github.nunuaction.results.Outcome;
import io.github.nunuaction.results.Results;
import io.github.nunuaction.results.RunResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The Markdown step summary: a verdict line, a table of runs, then each run's steps, bugs and
 * artifacts folded in {@code <details>}. All API text is escaped. GitHub refuses summaries over 1
 * MiB, so details are added only while they fit the budget, and a note says what was left out.
 */
public final class StepSummary {
  /** GitHub's limit is 1 MiB per step; stay clear of it. */
  public static final int BUDGET_BYTES = 1_000_000;

  private static final int MAX_TABLE_ROWS = 500;
  private static final int LISTED_JOBS = 10;
  private static final int MAX_BUG_ROWS = 200;
  // Room kept for what is appended after the details are chosen (the note on what was left out).
  private static final int SLACK = 200;
  private static final List<String> COLUMNS =
      List.of("", "Test", "Platform / device", "Result", "Duration", "Bugs");

  private final Markdown markdown;

  public StepSummary(Markdown markdown) {
    this.markdown = markdown;
  }

  public String render(Results results) {
    return render(results, BUDGET_BYTES);
  }

  /** The summary within {@code budgetBytes} of UTF-8: details are left out first. */
  public String render(Results results, int budgetBytes) {
    var head =
        new Blocks()
            .heading(2, icon(results.conclusion()) + " nunu.ai: " + verdict(results))
            .paragraph(context(results));
    var rows = rows(results);
    if (!rows.isEmpty()) {
      head.raw(Blocks.tableHeader(COLUMNS));
      // The table may use half the budget; the details get the rest.
      var table = Budget.bytes(budgetBytes / 2 - 1).spend(head.text());
      int shown = table.appendWhileFits(rows, MAX_TABLE_ROWS, head.text());
      if (shown < rows.size()) {
        head.raw("\n_" + (rows.size() - shown) + " more runs are listed in results.json._\n");
      }
      head.raw("\n");
    }
    if (!results.superseded().isEmpty()) {
      head.paragraph(
          "Superseded "
              + results.superseded().size()
              + " unfinished job(s) of earlier runs of this workflow: "
              + listed(results.superseded()));
    }
    results.problems().forEach(problem -> head.warning(markdown.text(problem)));
    if (results.review().commentNote() != null) {
      head.paragraph(markdown.text(results.review().commentNote()));
    }
    String bugs = BugTable.render(BugTable.rows(results), MAX_BUG_ROWS, markdown);
    if (!bugs.isEmpty()) {
      head.heading(3, "Bugs").raw(bugs);
    }
    head.raw(new ExcusedSection(markdown).summary(results));
    String tail =
        new KnowledgeSection(markdown).render(results)
            + ids(results)
            + "<sub>nunu-action · "
            + markdown.text(results.conclusion().output())
            + " · results in results.json and junit.xml</sub>\n";
    var sections = new ArrayList<String>();
    var runs = new RunSection(markdown);
    for (JobResult job : failedFirst(results.jobs())) {
      for (RunResult run : job.runs()) {
        sections.add(runs.render(job, run, results::configOf));
      }
    }
    var out = new StringBuilder(head.text());
    var details = Budget.bytes(budgetBytes).spend(head.text()).spend(tail).reserve(SLACK);
    int omitted = sections.size() - details.appendWhileFits(sections, sections.size(), out);
    if (omitted > 0) {
      out.append("\n_The details of ")
          .append(omitted)
          .append(omitted == 1 ? " run were" : " runs were")
          .append(
              " left out to stay under GitHub's 1 MiB summary limit; results.json has everything._\n\n");
    }
    return out.append(tail).toString();
  }

  /** Up to {@value #LISTED_JOBS} job ids as code, and how many more. */
  private String listed(List<String> ids) {
    return String.join(", ", ids.stream().limit(LISTED_JOBS).map(markdown::code).toList())
        + (ids.size() > LISTED_JOBS ? " and " + (ids.size() - LISTED_JOBS) + " more" : "");
  }

  String verdict(Results results) {
    Counts counts = results.counts();
    var parts = new ArrayList<String>();
    switch (results.conclusion()) {
      case STARTED ->
          parts.add(
              "started "
                  + results.jobs().size()
                  + (results.jobs().size() == 1 ? " job" : " jobs")
                  + ", not waiting");
      case TIMEOUT -> parts.add("timed out");
      case CANCELLED -> parts.add("cancelled");
      case ERROR ->
          parts.add(
              results.jobs().isEmpty() && !results.problems().isEmpty() ? "failed" : "errors");
      default -> {}
    }
    if (results.conclusion() != Conclusion.STARTED && !results.jobs().isEmpty()) {
      parts.add(counts.passed() + " passed");
      parts.add(counts.failed() + " failed");
      if (counts.flaky() > 0) {
        parts.add(counts.flaky() + " flaky");
      }
      if (counts.quarantined() > 0) {
        parts.add(counts.quarantined() + " quarantined");
      }
      if (counts.errored() > 0) {
        parts.add(counts.errored() + " errored");
      }
      if (counts.unfinished() > 0) {
        parts.add(counts.unfinished() + " unfinished");
      }
      parts.add(counts.bugs() + (counts.bugs() == 1 ? " bug" : " bugs"));
    }
    if (parts.isEmpty()) {
      parts.add(results.buildId() != null ? "build uploaded" : "done");
    }
    return String.join(", ", parts);
  }

  private String context(Results results) {
    var lines = new ArrayList<String>();
    if (results.startedWhat() != null) {
      String plan =
          results.planExecution() != null && results.planExecution().testPlanName() != null
              ? " (" + markdown.text(results.planExecution().testPlanName(), 200) + ")"
              : "";
      lines.add("Ran " + markdown.text(results.startedWhat()) + plan);
    }
    if (results.planExecution() != null && results.planExecution().totalTests() != null) {
      var e = results.planExecution();
      lines.add(
          "Plan "
              + markdown.text(e.status())
              + ": "
              + e.totalTests()
              + " tests, "
              + orZero(e.passed())
              + " passed, "
              + orZero(e.failed())
              + " failed"
              + (e.durationMs() == null ? "" : ", " + Formats.duration(e.durationMs())));
    }
    if (results.buildId() != null) {
      String build = "Build " + markdown.code(results.buildId());
      if (results.buildReused()) {
        build +=
            " (identical to "
                + markdown.text(results.upload().fileName())
                + ", "
                + Formats.size(results.upload().bytes())
                + ": reused, nothing uploaded)";
      } else if (results.upload() != null) {
        var upload = results.upload();
        build +=
            String.format(
                Locale.ROOT,
                " (uploaded %s, %s %s in %s, %.1f MB/s)",
                markdown.text(upload.fileName()),
                Formats.size(upload.bytes()),
                upload.uploadType(),
                Formats.duration(upload.took()),
                upload.megabytesPerSecond());
      }
      lines.add(build);
    }
    List<String> tested = testedBuilds(results);
    if (!tested.isEmpty()) {
      lines.add("Tested on " + String.join(", ", tested));
    }
    return String.join(" · ", lines);
  }

  /** The builds the runs say they used (from run details), each once. */
  private List<String> testedBuilds(Results results) {
    return results.jobs().stream()
        .flatMap(job -> job.runs().stream())
        .map(RunResult::details)
        .filter(details -> details != null && details.build() != null)
        .map(RunDetails::build)
        .distinct()
        .map(
            build ->
                build.name() == null
                    ? markdown.code(build.id())
                    : "**"
                        + markdown.text(build.name(), 120)
                        + "** ("
                        + markdown.code(build.id())
                        + ")")
        .toList();
  }

  /** The ids, folded: people rarely need them, tools find them in results.json. */
  private String ids(Results results) {
    var lines = new ArrayList<String>();
    if (results.testPlanExecutionId() != null) {
      lines.add("Test plan execution " + markdown.code(results.testPlanExecutionId()));
    }
    List<String> jobs = results.jobIds();
    if (!jobs.isEmpty()) {
      String more =
          jobs.size() > LISTED_JOBS ? " and " + (jobs.size() - LISTED_JOBS) + " more" : "";
      lines.add(
          "Jobs "
              + String.join(", ", jobs.stream().limit(LISTED_JOBS).map(markdown::code).toList())
              + more);
    }
    if (results.review().testId() != null) {
      lines.add("Ephemeral test " + markdown.code(results.review().testId()));
    }
    if (lines.isEmpty()) {
      return "";
    }
    return "<details><summary>Ids</summary>\n\n"
        + String.join("<br>\n", lines)
        + "\n\n</details>\n\n";
  }

  /** Failed and errored jobs first, then unfinished ones, then the rest, each in their order. */
  private static List<JobResult> failedFirst(List<JobResult> jobs) {
    var sorted = new ArrayList<>(jobs);
    sorted.sort(Comparator.comparingInt(StepSummary::rank));
    return sorted;
  }

  private static int rank(JobResult job) {
    List<Outcome> outcomes = job.outcomes();
    if (outcomes.contains(Outcome.FAILED) || outcomes.contains(Outcome.ERRORED)) {
      return 0;
    }
    return outcomes.contains(Outcome.UNFINISHED) ? 1 : 2;
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }

  private List<String> rows(Results results) {
    var rows = new ArrayList<String>();
    for (JobResult job : failedFirst(results.jobs())) {
      if (job.runs().isEmpty()) {
        String state =
            job.rejectionReason() != null
                ? "REJECTED: " + job.rejectionReason()
                : job.status() == null ? "unknown" : job.status();
        rows.add(row(icon(job.outcomes().get(0)), job.displayName(), "", state, null, ""));
        continue;
      }
      for (RunResult run : job.runs()) {
        String name = run.testName() != null ? run.testName() : job.displayName();
        String result = run.result() == null ? "RUNNING" : run.result();
        if (run.superseded()) {
          result += " (retried)";
        }
        if (job.earlierAttempt() > 0) {
          result += " (passed in attempt " + job.earlierAttempt() + ")";
        }
        Baseline baseline = results.review().baselines().get(job.jobId());
        if (baseline != null && !run.superseded()) {
          result += " (" + baseline.describe() + ")";
        }
        Excuses excuses = results.review().excuses();
        String icon = run.superseded() ? "↻" : icon(run.outcome());
        if (!run.superseded() && excuses.isFlaky(job)) {
          result += " (flaky: " + Excuses.describeTries(results.triesOf(job)) + ")";
          icon = "🟨";
        } else if (!run.superseded() && excuses.excusing(job) != null) {
          result += " (quarantined " + excuses.excusing(job).terms() + ")";
          icon = "🔕";
        }
        rows.add(
            row(
                icon,
                name,
                RunSection.platform(run.details()),
                result,
                run.durationMs(),
                String.valueOf(run.bugCount())));
      }
    }
    return rows;
  }

  private String row(
      String icon, String name, String platform, String result, Double durationMs, String bugs) {
    return "| "
        + icon
        + " | "
        + markdown.text(name, 200)
        + " | "
        + markdown.text(platform, 200)
        + " | "
        + markdown.text(result, 300)
        + " | "
        + Formats.duration(durationMs)
        + " | "
        + bugs
        + " |\n";
  }

  static String icon(Outcome outcome) {
    return switch (outcome) {
      case PASSED -> "✅";
      case FAILED -> "❌";
      case ERRORED -> "⚠️";
      case UNFINISHED -> "⏳";
    };
  }

  static String icon(Conclusion result) {
    return switch (result) {
      case SUCCESS -> "✅";
      case FAILURE -> "❌";
      case ERROR -> "⚠️";
      case TIMEOUT -> "⏱️";
      case CANCELLED -> "🛑";
      case STARTED -> "▶️";
    };
  }
}
