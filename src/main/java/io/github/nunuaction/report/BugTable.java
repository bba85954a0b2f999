package io.github.nunuaction.report;

import io.github.nunuaction.nunu.Bug;
import io.github.nunuaction.nunu.Severity;
import io.github.nunuaction.results.JobResult;
import io.github.nunuaction.results.Results;
import io.github.nunuaction.results.RunResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The bugs of the counted runs as one table, most severe first: the summary's and the comment's.
 */
final class BugTable {
  private BugTable() {}

  /** A bug and the test that found it. */
  record Row(Bug bug, String test) {}

  static List<Row> rows(Results results) {
    var rows = new ArrayList<Row>();
    for (JobResult job : results.jobs()) {
      for (RunResult run : job.runs()) {
        if (!run.superseded()) {
          String test = run.testName() != null ? run.testName() : job.displayName();
          run.bugs().forEach(bug -> rows.add(new Row(bug, test)));
        }
      }
    }
    rows.sort(Comparator.comparingInt((Row row) -> rank(row.bug().severity())).reversed());
    return rows;
  }

  /** Up to {@code max} rows as a Markdown table, and a line for the rest; empty without bugs. */
  static String render(List<Row> rows, int max, Markdown markdown) {
    if (rows.isEmpty()) {
      return "";
    }
    var out = new StringBuilder();
    out.append("| Severity | Category | Title | Test | Step | Confidence |\n");
    out.append("|---|---|---|---|---|---|\n");
    for (Row row : rows.subList(0, Math.min(max, rows.size()))) {
      Bug bug = row.bug();
      out.append("| ")
          .append(markdown.text(shown(bug.severity()), 40))
          .append(" | ")
          .append(markdown.text(bug.category(), 40))
          .append(" | ")
          .append(markdown.text(bug.title(), 200))
          .append(" | ")
          .append(markdown.text(row.test(), 120))
          .append(" | ")
          .append(bug.testStep() == null ? "" : bug.testStep())
          .append(" | ")
          .append(markdown.text(bug.confidence(), 20))
          .append(" |\n");
    }
    if (rows.size() > max) {
      out.append("\n_").append(rows.size() - max).append(" more bugs are in results.json._\n");
    }
    return out.append('\n').toString();
  }

  /**
   * Higher for worse; a missing or unknown severity ranks first, since it meets every fail-on-bugs
   * threshold.
   */
  static int rank(String severity) {
    Severity known = Severity.of(severity);
    return known == null ? Severity.values().length : known.ordinal();
  }

  /** A known severity in capitals; any other as nunu sent it; a missing one says so. */
  static String shown(String severity) {
    if (severity == null) {
      return "(none)";
    }
    return Severity.of(severity) == null ? severity : severity.strip().toUpperCase(Locale.ROOT);
  }
}
