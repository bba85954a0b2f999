package io.github.nunuaction.runs;

import io.github.nunuaction.actions.Commands;
import io.github.nunuaction.actions.Log;
import io.github.nunuaction.http.ApiException;
import io.github.nunuaction.nunu.Bug;
import io.github.nunuaction.nunu.Job;
import io.github.nunuaction.nunu.Job.JobRun;
import io.github.nunuaction.nunu.NunuApi;
import io.github.nunuaction.nunu.RunDetails;
import io.github.nunuaction.results.JobResult;
import io.github.nunuaction.results.Outcome;
import io.github.nunuaction.results.RunResult;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Turns a job into its result: each run's details and bugs for a finished job, or what the job
 * summary says for one still going. A failed fetch is noted, not fatal: the verdict is known from
 * the job already.
 */
public final class ResultCollector {
  private final NunuApi api;
  private final Log log;

  public ResultCollector(NunuApi api, Log log) {
    this.api = api;
    this.log = log;
  }

  /** The result of a finished (completed or rejected) job, with details fetched. */
  public JobResult finished(Job job) {
    return report(job, this::fetched);
  }

  /** The result of a job as last seen, without fetching anything. */
  public static JobResult asSeen(Job job) {
    return report(job, (run, superseded) -> summary(run, superseded, null, List.of(), null));
  }

  /**
   * A job's runs in the order they started: one per instance, plus a run for each retry. A retry
   * follows only an execution failure (ERROR, TIMEOUT, STOPPED; API.md 2.2.1 and 4.2), so the runs
   * it replaced are the earliest execution failures, as many as the job's retries used. They are
   * shown but not counted; every instance's last run counts.
   */
  private static JobResult report(Job job, BiFunction<JobRun, Boolean, RunResult> toReport) {
    List<JobRun> runs = new ArrayList<>(job.runs());
    runs.sort(Comparator.comparing(run -> startOf(run.startedAt())));
    int replaced = job.retriesUsed() == null ? 0 : job.retriesUsed();
    var results = new ArrayList<RunResult>();
    for (JobRun run : runs) {
      boolean superseded =
          replaced > 0 && run.result() != null && Outcome.of(run.result()) == Outcome.ERRORED;
      if (superseded) {
        replaced--;
      }
      results.add(toReport.apply(run, superseded));
    }
    return new JobResult(
        job.jobId(),
        job.testId(),
        job.testName(),
        job.status(),
        job.queueRejectionReason(),
        List.copyOf(results),
        0);
  }

  /** A run's start as an instant; a run not started yet (or unreadably) sorts last. */
  private static Instant startOf(String startedAt) {
    try {
      return startedAt == null ? Instant.MAX : OffsetDateTime.parse(startedAt).toInstant();
    } catch (DateTimeParseException e) {
      return Instant.MAX;
    }
  }

  private RunResult fetched(JobRun run, boolean superseded) {
    if (run.result() != null && !Outcome.known(run.result())) {
      log.warning(
          "Run "
              + run.runId()
              + " ended with a result this action does not know, "
              + Commands.oneLine(run.result())
              + "; it counts as failed.",
          "nunu");
    }
    RunDetails details = null;
    List<Bug> bugs = List.of();
    String problem = null;
    try {
      details = api.run(run.runId());
      // A run that says it found no bugs is not asked for them: half the requests of a big plan.
      if (details.bugCount() == null || details.bugCount() > 0) {
        bugs = api.bugs(run.runId());
      }
    } catch (ApiException e) {
      problem = e.getMessage();
      log.warning(
          "Could not fetch the details of run " + run.runId() + ": " + e.getMessage(), "nunu");
    }
    return summary(run, superseded, details, bugs, problem);
  }

  private static RunResult summary(
      JobRun run, boolean superseded, RunDetails details, List<Bug> bugs, String problem) {
    String result = run.result() != null ? run.result() : details == null ? null : details.result();
    boolean finished = result != null || Job.COMPLETED.equals(run.state());
    Outcome outcome = finished ? Outcome.of(result) : Outcome.UNFINISHED;
    return new RunResult(
        run.runId(),
        result == null ? null : Outcome.normalize(result),
        outcome,
        superseded,
        details,
        bugs,
        problem);
  }
}
