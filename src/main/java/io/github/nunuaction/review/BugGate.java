package io.github.nunuaction.review;

import io.github.nunuaction.actions.Commands;
import io.github.nunuaction.actions.Log;
import io.github.nunuaction.nunu.Bug;
import io.github.nunuaction.nunu.Severity;
import io.github.nunuaction.results.Conclusion;
import io.github.nunuaction.results.Policy;
import io.github.nunuaction.results.Results;
import java.util.List;
import java.util.Locale;

/**
 * The bug gate ({@code fail-on-bugs}): a bug at or above the threshold, in a run that counts, fails
 * the step, and each gets an error annotation. A severity nunu sends that is missing or unknown
 * meets every threshold (it fails closed), with one warning that names it.
 */
final class BugGate {
  private BugGate() {}

  /**
   * The results after {@code fail-on-bugs}: with a failure (and a problem that says why) when a
   * counted run found a bug at or above {@code threshold}; unchanged when none did or there is no
   * threshold.
   */
  static Results apply(Results results, Severity threshold, Log log) {
    List<Bug> bugs = Policy.bugsAtLeast(results, threshold);
    if (bugs.isEmpty()) {
      return results;
    }
    List<String> unknown = Policy.unknownSeverities(results);
    if (!unknown.isEmpty()) {
      log.warning(
          "nunu sent bug severities this action does not know ("
              + String.join(", ", unknown.stream().map(Commands::oneLine).toList())
              + "); such bugs count as meeting fail-on-bugs: "
              + threshold.name().toLowerCase(Locale.ROOT)
              + " (the gate fails closed).",
          "Unknown bug severity");
    }
    for (Bug bug : bugs) {
      log.error(
          bug.description() == null ? "(no description)" : bug.description(),
          "nunu bug: "
              + Commands.oneLine(bug.severity() == null ? "(no severity)" : bug.severity())
              + " "
              + Commands.oneLine(bug.title()));
    }
    String problem =
        bugs.size()
            + " bug(s) of severity "
            + threshold.name().toLowerCase(Locale.ROOT)
            + " or worse (fail-on-bugs: "
            + threshold.name().toLowerCase(Locale.ROOT)
            + ").";
    Conclusion conclusion =
        results.conclusion() == Conclusion.SUCCESS ? Conclusion.FAILURE : results.conclusion();
    return results.withConclusion(conclusion, List.of(problem));
  }
}
