package io.github.nunuaction.results;

import io.github.nunuaction.config.Inputs.FailOn;
import io.github.nunuaction.config.Inputs.Waiting;
import io.github.nunuaction.nunu.Bug;
import io.github.nunuaction.nunu.Severity;
import java.util.List;
import java.util.stream.Stream;

/** The failure policy (README, "Failure policy"): whether the outcome fails the step. */
public final class Policy {
  private Policy() {}

  /**
   * The bugs of the counted runs at or above {@code threshold} (fail-on-bugs). A severity nunu
   * sends that is missing or not one of the four this action knows meets every threshold: the gate
   * fails closed.
   */
  public static List<Bug> bugsAtLeast(Results results, Severity threshold) {
    if (threshold == null) {
      return List.of();
    }
    return countedBugs(results)
        .filter(
            bug ->
                Severity.of(bug.severity()) == null
                    || Severity.of(bug.severity()).compareTo(threshold) >= 0)
        .toList();
  }

  /** The severities of counted bugs that are missing or unknown, as nunu sent them, each once. */
  public static List<String> unknownSeverities(Results results) {
    return countedBugs(results)
        .map(Bug::severity)
        .filter(severity -> Severity.of(severity) == null)
        .map(severity -> severity == null ? "(none)" : severity)
        .distinct()
        .toList();
  }

  /** The bugs of the counted runs; a failure the quarantine excuses does not fail the step. */
  private static Stream<Bug> countedBugs(Results results) {
    return results.jobs().stream()
        .filter(job -> results.review().excuses().excusing(job) == null)
        .flatMap(job -> job.runs().stream())
        .filter(run -> !run.superseded())
        .flatMap(run -> run.bugs().stream());
  }

  /**
   * Whether the tests' outcome fails the step: a bug at or above fail-on-bugs always does; then
   * fail-on decides for failures and errors, fail-on-timeout for a timeout.
   */
  public static boolean failsTheStep(Results results, Waiting waiting) {
    if (!bugsAtLeast(results, waiting.failOnBugs()).isEmpty()) {
      return true;
    }
    FailOn failOn = waiting.failOn();
    return switch (results.conclusion()) {
      case SUCCESS, STARTED, CANCELLED -> false;
      case TIMEOUT -> waiting.failOnTimeout();
      case FAILURE ->
          failOn == FailOn.FAILURE
              || failOn == FailOn.NEW_FAILURE && !results.newFailures().isEmpty();
      case ERROR ->
          failOn == FailOn.FAILURE
              || failOn == FailOn.ERROR
              || failOn == FailOn.NEW_FAILURE && !results.newFailures().isEmpty();
    };
  }
}
