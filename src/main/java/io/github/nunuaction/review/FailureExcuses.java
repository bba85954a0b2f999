package io.github.nunuaction.review;

import io.github.nunuaction.actions.Commands;
import io.github.nunuaction.actions.Log;
import io.github.nunuaction.config.Quarantine;
import io.github.nunuaction.results.Conclusion;
import io.github.nunuaction.results.Excuses;
import io.github.nunuaction.results.JobResult;
import io.github.nunuaction.results.Results;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which failures do not fail the step (README, "Flaky tests"): flaky tests (a try failed, another
 * passed, on the same build) count as passed unless {@code fail-on-flaky}; the failures of tests in
 * the quarantine file count as quarantined until the entry's date. Each is said in the log: a
 * warning per flaky test and per expired entry, a notice for an entry that names no test of this
 * run and for a quarantined test that passed.
 */
final class FailureExcuses {
  private FailureExcuses() {}

  /**
   * The results with their excuses, and with the conclusion the tests then give, unless something
   * else decided it (a timeout, a cancellation, a failure of the step itself).
   */
  static Results apply(
      Results results, boolean failOnFlaky, Quarantine quarantine, LocalDate today, Log log) {
    Set<String> flaky = Excuses.flakyOf(results.jobs(), results.collected().earlierTries());
    Map<String, Quarantine.Entry> quarantined = quarantined(results.jobs(), quarantine, today, log);
    var excuses = new Excuses(flaky, quarantined, failOnFlaky);
    Results excused = results.withReview(results.review().withExcuses(excuses));
    for (JobResult job : excused.flaky()) {
      log.warning(
          Commands.oneLine(job.displayName())
              + ": "
              + Excuses.describeTries(excused.triesOf(job))
              + (failOnFlaky
                  ? "; it fails the step (fail-on-flaky: true)."
                  : "; it counts as passed (set fail-on-flaky: true to fail on it)."),
          "Flaky test");
    }
    for (JobResult job : excused.jobs()) {
      Quarantine.Entry entry = quarantined.get(job.jobId());
      if (entry != null && Excuses.passed(job) && !flaky.contains(job.jobId())) {
        log.notice(
            Commands.oneLine(job.displayName())
                + " passed: it can leave the quarantine ("
                + entry.describe()
                + " in "
                + quarantine.file()
                + ").",
            "Quarantined test passed");
      }
    }
    if (decidedByTests(excused)) {
      Conclusion conclusion = excused.counts().conclusion();
      if (conclusion != excused.conclusion()) {
        return excused.withConclusion(conclusion, List.of());
      }
    }
    return excused;
  }

  /** Job id → the entry in force that names its test; the expired and unused entries are said. */
  private static Map<String, Quarantine.Entry> quarantined(
      List<JobResult> jobs, Quarantine quarantine, LocalDate today, Log log) {
    var quarantined = new LinkedHashMap<String, Quarantine.Entry>();
    for (Quarantine.Entry entry : quarantine.entries()) {
      List<JobResult> named =
          jobs.stream().filter(job -> entry.names(job.testId(), job.displayName())).toList();
      if (entry.expiredOn(today)) {
        log.warning(
            Commands.oneLine(entry.describe())
                + " in "
                + quarantine.file()
                + " ended on "
                + entry.until()
                + ": it excuses nothing any more, so the test's failures fail the step again. Fix"
                + " the test, or move its until date if it needs longer.",
            "Quarantine ended");
      } else if (named.isEmpty()) {
        log.notice(
            Commands.oneLine(entry.describe())
                + " in "
                + quarantine.file()
                + " names no test of this run (by test id or name): check the spelling, or remove"
                + " it.",
            "Quarantine entry unused");
      } else {
        named.forEach(job -> quarantined.putIfAbsent(job.jobId(), entry));
      }
    }
    return quarantined;
  }

  /** The tests' counts decided the conclusion (no timeout, cancellation or failed step). */
  private static boolean decidedByTests(Results results) {
    return !results.step().failed()
        && switch (results.conclusion()) {
          case SUCCESS, FAILURE, ERROR -> true;
          default -> false;
        };
  }
}
