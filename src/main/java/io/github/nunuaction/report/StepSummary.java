package io.github.nunuaction.report;

import io.github.nunuaction.core.Formats;
import io.github.nunuaction.nunu.Bug;
import io.github.nunuaction.nunu.RunDetails;
import io.github.nunuaction.nunu.RunDetails.Artifact;
import io.github.nunuaction.nunu.RunDetails.Item;
import io.github.nunuaction.nunu.RunDetails.Player;
import io.github.nunuaction.nunu.RunDetails.Step;
import io.github.nunuaction.results.Baseline;
import io.github.nunuaction.results.Conclusion;
import io.github.nunuaction.results.Counts;
import io.github.nunuaction.results.JobResult;
import io.github.nunuaction.results.Knowledge;
import io.github.nunuaction.results.Outcome;
import io.github.nunuaction.results.Results;
import io.github.nunuaction.results.RunResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The Markdown step summary: a verdict line, a table of runs, then each run's steps, bugs and
 * artifacts folded in {@code <details>}. All API text is escaped. GitHub refuses summaries over 1
 * MiB, so details are added only while they fit the budget, and a note says what was left out.
 */
public final class StepSummary {
  /** GitHub's limit is 1 MiB per step; stay clear of it. */
  public static final int BUDGET_BYTES = 1_000_000;

  private static final int REPORT_CHARS = 2_000;
  private static final int MAX_TABLE_ROWS = 500;
  private static final int LISTED_JOBS = 10;
  private static final int MAX_BUG_ROWS = 200;
  private static final int MAX_KNOWLEDGE_ROWS = 200;

  private final Markdown markdown;

  public StepSummary(Markdown markdown) {
    this.markdown = markdown;
  }

  public String render(Results results) {
    return render(results, BUDGET_BYTES);
  }

  /** The summary within {@code budgetBytes} of UTF-8: details are left out first. */
  public String render(Results results, int budgetBytes) {
    var head = new StringBuilder();
    head.append("## ")
        .append(icon(results.conclusion()))
        .append(" nunu.ai: ")
        .append(verdict(results))
        .append("\n\n");
    head.append(context(results)).append("\n\n");
    var rows = rows(results);
    if (!rows.isEmpty()) {
      head.append(
          "| | Test | Platform / device | Result | Duration | Bugs |\n|---|---|---|---|---|---|\n");
      // The table may use half the budget; the details get the rest.
      int shown = 0;
      int tableBytes = bytes(head);
      while (shown < rows.size()
          && shown < MAX_TABLE_ROWS
          && tableBytes + bytes(rows.get(shown)) < budgetBytes / 2) {
        tableBytes += bytes(rows.get(shown));
        head.append(rows.get(shown++));
      }
      if (shown < rows.size()) {
        head.append("\n_")
            .append(rows.size() - shown)
            .append(" more runs are listed in results.json._\n");
      }
      head.append('\n');
    }
    if (!results.superseded().isEmpty()) {
      List<String> ids = results.superseded();
      head.append("Superseded ")
          .append(ids.size())
          .append(" unfinished job(s) of earlier runs of this workflow: ")
          .append(String.join(", ", ids.stream().limit(LISTED_JOBS).map(markdown::code).toList()))
          .append(ids.size() > LISTED_JOBS ? " and " + (ids.size() - LISTED_JOBS) + " more" : "")
          .append("\n\n");
    }
    for (String problem : results.problems()) {
      head.append("> [!WARNING]\n> ").append(markdown.text(problem)).append("\n\n");
    }
    if (results.review().commentNote() != null) {
      head.append(markdown.text(results.review().commentNote())).append("\n\n");
    }
    String bugs = BugTable.render(BugTable.rows(results), MAX_BUG_ROWS, markdown);
    if (!bugs.isEmpty()) {
      head.append("### Bugs\n\n").append(bugs);
    }
    var tail =
        knowledge(results)
            + ids(results)
            + "<sub>nunu-action · "
            + markdown.text(results.conclusion().output())
            + " · results in results.json and junit.xml</sub>\n";
    var out = new StringBuilder(head);
    int used = bytes(head) + bytes(tail) + 200;
    int omitted = 0;
    for (JobResult job : failedFirst(results.jobs())) {
      for (RunResult run : job.runs()) {
        String details = details(job, run, results::configOf);
        if (omitted == 0 && used + bytes(details) <= budgetBytes) {
          out.append(details);
          used += bytes(details);
        } else {
          omitted++;
        }
      }
    }
    if (omitted > 0) {
      out.append("\n_The details of ")
          .append(omitted)
          .append(omitted == 1 ? " run were" : " runs were")
          .append(
              " left out to stay under GitHub's 1 MiB summary limit; results.json has everything._\n\n");
    }
    return out.append(tail).toString();
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

  /** What the agents knew: the knowledge files in scope, and how they differ from knowledge-dir. */
  private String knowledge(Results results) {
    Knowledge knowledge = results.review().knowledge();
    if (knowledge == null || knowledge.problem() != null) {
      return "";
    }
    var out =
        new StringBuilder("<details><summary>What the agents knew: ")
            .append(knowledge.files().size())
            .append(knowledge.files().size() == 1 ? " knowledge file" : " knowledge files")
            .append("</summary>\n\n");
    if (knowledge.drift() != null && !knowledge.drift().none()) {
      var drift = knowledge.drift();
      out.append(
          "> [!WARNING]\n> knowledge-dir and nunu differ; the agents may be reading stale files.");
      drift
          .missing()
          .forEach(p -> out.append("<br>Missing in nunu: ").append(markdown.text(p, 200)));
      drift.extra().forEach(p -> out.append("<br>Only in nunu: ").append(markdown.text(p, 200)));
      drift.different().forEach(p -> out.append("<br>Changed: ").append(markdown.text(p, 200)));
      out.append("\n\n");
    }
    if (knowledge.drift() != null && !knowledge.drift().uncomparable().isEmpty()) {
      out.append("Not compared (nunu's ETag is not an MD5 of the content): ")
          .append(
              String.join(
                  ", ",
                  knowledge.drift().uncomparable().stream()
                      .map(p -> markdown.text(p, 200))
                      .toList()))
          .append("\n\n");
    }
    if (!knowledge.files().isEmpty()) {
      out.append("| Scope | File | Size | Uploaded | Description |\n|---|---|---|---|---|\n");
      for (Knowledge.File file :
          knowledge.files().subList(0, Math.min(MAX_KNOWLEDGE_ROWS, knowledge.files().size()))) {
        out.append("| ")
            .append(markdown.text(file.scope(), 20))
            .append(" | ")
            .append(markdown.text(file.path(), 200))
            .append(" | ")
            .append(Formats.size(file.size()))
            .append(" | ")
            .append(markdown.text(file.uploaded(), 40))
            .append(" | ")
            .append(markdown.text(file.description(), 200))
            .append(" |\n");
      }
      out.append('\n');
    }
    return out.append("</details>\n\n").toString();
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
        rows.add(
            row(
                run.superseded() ? "↻" : icon(run.outcome()),
                name,
                platform(run.details()),
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

  private String platform(RunDetails details) {
    if (details == null || details.players().isEmpty()) {
      return "";
    }
    return String.join(
        "; ", details.players().stream().map(StepSummary::platform).distinct().toList());
  }

  private static String platform(Player player) {
    String kind = player.platform() == null ? "" : player.platform();
    return player.device() == null
        ? kind
        : kind.isEmpty() ? player.device() : kind + " · " + player.device();
  }

  /**
   * @param configOf the deployment config a player ran on, by player number
   */
  private String details(JobResult job, RunResult run, Function<Long, String> configOf) {
    var out = new StringBuilder();
    String name = run.testName() != null ? run.testName() : job.displayName();
    boolean failed = run.outcome() == Outcome.FAILED || run.outcome() == Outcome.ERRORED;
    out.append(failed && !run.superseded() ? "<details open><summary>" : "<details><summary>")
        .append(icon(run.outcome()))
        .append(' ')
        .append(markdown.text(name, 200))
        .append(" · run ")
        .append(markdown.text(run.runId()))
        .append(" · ")
        .append(markdown.text(run.result() == null ? "RUNNING" : run.result()))
        .append("</summary>\n\n");
    if (run.fetchProblem() != null) {
      out.append("Details could not be fetched: ")
          .append(markdown.text(run.fetchProblem(), 500))
          .append("\n\n");
    }
    RunDetails details = run.details();
    if (details != null) {
      for (Player player : details.players()) {
        out.append("**Player ")
            .append(player.number() == null ? "?" : player.number())
            .append("**");
        String platform = platform(player);
        if (!platform.isEmpty()) {
          out.append(" · ").append(markdown.text(platform));
        }
        out.append(" · ").append(markdown.text(player.result() == null ? "" : player.result()));
        if (player.stepCount() != null && player.completedSteps() != null) {
          out.append(" · ")
              .append(player.completedSteps())
              .append(" of ")
              .append(player.stepCount())
              .append(" steps");
        }
        var builds =
            details.appsOf(player.number()).stream()
                .map(
                    app ->
                        markdown.code(app.buildId())
                            + (app.extraAppNumber() == null
                                ? ""
                                : " (extra app " + app.extraAppNumber() + ")"))
                .toList();
        if (!builds.isEmpty()) {
          out.append(" · build ").append(String.join(", ", builds));
        }
        String config = configOf.apply(player.number());
        if (config != null) {
          out.append(" · config ").append(markdown.code(config));
        }
        out.append("\n\n");
        for (Step step : player.steps()) {
          out.append(step.number() == null ? "-" : step.number() + ".")
              .append(' ')
              .append(icon(step.result() == null ? Outcome.UNFINISHED : Outcome.of(step.result())))
              .append(' ')
              .append(markdown.text(step.goal(), 300));
          if (step.report() != null) {
            out.append("<br>").append(markdown.text(step.report(), REPORT_CHARS));
          }
          if (step.result() != null && !"SUCCESS".equals(step.result())) {
            for (Item item : step.items()) {
              out.append("<br>").append(item(item));
            }
          }
          out.append("\n");
        }
        if (!player.artifacts().isEmpty()) {
          out.append("\nArtifacts: ");
          out.append(String.join(", ", player.artifacts().stream().map(this::artifact).toList()));
          out.append("\n");
        }
        out.append('\n');
      }
    }
    if (!run.bugs().isEmpty()) {
      out.append("**Bugs**\n\n");
      for (Bug bug : run.bugs()) {
        out.append("- ")
            .append(markdown.text(BugTable.shown(bug.severity()), 40))
            .append(bug.category() == null ? "" : " · " + markdown.text(bug.category()))
            .append(": **")
            .append(markdown.text(bug.title(), 300))
            .append("**");
        if (bug.description() != null) {
          out.append("<br>").append(markdown.text(bug.description(), REPORT_CHARS));
        }
        out.append('\n');
      }
      out.append('\n');
    }
    return out.append("</details>\n\n").toString();
  }

  /** A verification item of a failing step: what was expected, and what the agent found. */
  private String item(Item item) {
    return "• "
        + markdown.text(item.id(), 20)
        + " "
        + markdown.text(item.status() == null ? "" : item.status().toUpperCase(Locale.ROOT), 20)
        + ": expected "
        + markdown.text(item.expected(), 300)
        + (item.comment() == null ? "" : "; found " + markdown.text(item.comment(), 500));
  }

  private String artifact(Artifact artifact) {
    String size = Formats.size(artifact.size());
    return markdown.text(artifact.filename(), 200) + (size.isEmpty() ? "" : " (" + size + ")");
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

  private static int bytes(CharSequence text) {
    return text.toString().getBytes(StandardCharsets.UTF_8).length;
  }
}
