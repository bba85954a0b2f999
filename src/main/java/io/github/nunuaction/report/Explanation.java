package io.github.nunuaction.report;

import io.github.nunuaction.nunu.RunDetails.Player;
import io.github.nunuaction.nunu.RunDetails.Step;
import io.github.nunuaction.results.RunResult;

/** Why a run ended as it did, in the agent's words: what annotations and the comment quote. */
final class Explanation {
  private Explanation() {}

  /** The report of the first step that did not succeed, else the last one with a report. */
  static String of(RunResult run) {
    if (run.details() == null) {
      return run.fetchProblem() != null ? run.fetchProblem() : "result " + run.result();
    }
    String last = null;
    for (Player player : run.details().players()) {
      for (Step step : player.steps()) {
        if (step.report() != null) {
          last = step.report();
          if (step.result() != null && !"SUCCESS".equals(step.result())) {
            return "step " + step.number() + " " + step.result() + ": " + step.report();
          }
        }
      }
    }
    return last != null ? last : "result " + run.result();
  }
}
