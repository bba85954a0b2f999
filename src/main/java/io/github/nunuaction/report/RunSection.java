package io.github.nunuaction.report;

import io.github.nunuaction.core.Formats;
import io.github.nunuaction.nunu.Bug;
import io.github.nunuaction.nunu.RunDetails;
import io.github.nunuaction.nunu.RunDetails.Artifact;
import io.github.nunuaction.nunu.RunDetails.Item;
import io.github.nunuaction.nunu.RunDetails.Player;
import io.github.nunuaction.nunu.RunDetails.Step;
import io.github.nunuaction.results.JobResult;
import io.github.nunuaction.results.Outcome;
import io.github.nunuaction.results.RunResult;
import java.util.Locale;
import java.util.function.Function;

/**
 * One run's details in the step summary, folded (open when it failed): each player's platform,
 * builds and config, its steps with their reports and the verification items of failing ones, its
 * artifacts, and the run's bugs. All API text is escaped.
 */
final class RunSection {
  private static final int REPORT_CHARS = 2_000;

  private final Markdown markdown;

  RunSection(Markdown markdown) {
    this.markdown = markdown;
  }

  /**
   * @param configOf the deployment config a player ran on, by player number
   */
  String render(JobResult job, RunResult run, Function<Long, String> configOf) {
    var out = new StringBuilder();
    String name = run.testName() != null ? run.testName() : job.displayName();
    boolean failed = run.outcome() == Outcome.FAILED || run.outcome() == Outcome.ERRORED;
    out.append(failed && !run.superseded() ? "<details open><summary>" : "<details><summary>")
        .append(StepSummary.icon(run.outcome()))
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
              .append(
                  StepSummary.icon(
                      step.result() == null ? Outcome.UNFINISHED : Outcome.of(step.result())))
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

  static String platform(RunDetails details) {
    if (details == null || details.players().isEmpty()) {
      return "";
    }
    return String.join(
        "; ", details.players().stream().map(RunSection::platform).distinct().toList());
  }

  private static String platform(Player player) {
    String kind = player.platform() == null ? "" : player.platform();
    return player.device() == null
        ? kind
        : kind.isEmpty() ? player.device() : kind + " · " + player.device();
  }
}
