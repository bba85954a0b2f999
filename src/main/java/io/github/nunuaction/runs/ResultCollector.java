package io.github.nunuaction.runs;

import io.github.nunuaction.actions.Commands;
import io.github.nunuaction.http.ApiException;
import io.github.nunuaction.nunu.Bug;
import io.github.nunuaction.nunu.Job;
import io.github.nunuaction.nunu.Job.JobRun;
import io.github.nunuaction.nunu.NunuApi;
import io.github.nunuaction.nunu.RunDetails;
import io.github.nunuaction.results.JobResult;
import io.github.nunuaction.results.Outcome;
import io.github.nunuaction.results.RunResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Turns a job into its result: each run's details and bugs for a finished job, or what the job
 * summary says for one still going. A failed fetch is noted, not fatal: the verdict is known from
 * the job already.
 */
public final class ResultCollector {
  private final NunuApi api;
  private final Consumer<String> warn;

  public ResultCollector(NunuApi api, Consumer<String> warn) {
    this.api = api;
    this.warn = warn;
  }

  /** The result of a finished (completed or rejected) job, with details fetched. */
  public JobResult finished(Job job) {
    return report(job, this::fetched);
  }

  /** The result of a job as last seen, without fetching anything. */
  public static JobResult asSeen(Job job) {
    return report(job, (run, superseded) -> summary(run, superseded, null, List.of(), null));
  }

  private static JobResult report(Job job, BiFunction<JobRun, Boolean, RunResult> toReport) {
    List<JobRun> runs = new ArrayList<>(job.runs());
    // With retries, later runs are new attempts at the same test: only the last one counts.
    runs.sort(Comparator.comparing(run -> run.startedAt() == null ? "" : run.startedAt()));
    boolean attempts = job.retriesTotal() > 0 && runs.size() > 1;
    var reports = new ArrayList<RunResult>();
    for (int i = 0; i < runs.size(); i++) {
      JobRun run = runs.get(i);
      boolean superseded = attempts && i < runs.size() - 1;
      reports.add(toReport.apply(run, superseded));
    }
    return new JobResult(
        job.jobId(),
        job.testName(),
        job.status(),
        job.queueRejectionReason(),
        List.copyOf(reports));
  }

  private RunResult fetched(JobRun run, boolean superseded) {
    if (run.result() != null && !Outcome.known(run.result())) {
      warn.accept(
          "Run "
              + run.runId()
              + " ended with a result this action does not know, "
              + Commands.oneLine(run.result())
              + "; it counts as failed.");
    }
    RunDetails details = null;
    List<Bug> bugs = List.of();
    String problem = null;
    try {
      details = api.run(run.runId());
      bugs = api.bugs(run.runId());
    } catch (ApiException e) {
      problem = e.getMessage();
      warn.accept("Could not fetch the details of run " + run.runId() + ": " + e.getMessage());
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
