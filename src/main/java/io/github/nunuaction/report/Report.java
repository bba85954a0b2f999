package io.github.nunuaction.report;

import io.github.nunuaction.api.Bug;
import io.github.nunuaction.api.RunDetails;
import io.github.nunuaction.runs.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Everything known at the end of an invocation, whatever ended it; the reporters render it. */
public record Report(
    Result result,
    String buildId,
    Upload upload,
    String started,
    String testPlanExecutionId,
    Execution execution,
    List<JobReport> jobs,
    List<String> problems,
    Instant startedAt,
    Instant finishedAt) {

  /** The {@code result} output. */
  public enum Result {
    SUCCESS,
    FAILURE,
    ERROR,
    TIMEOUT,
    CANCELLED,
    STARTED;

    public String output() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** An upload; {@code took} is the transfer, from the first byte to the last part stored. */
  public record Upload(String fileName, long bytes, String uploadType, int parts, Duration took) {
    public double megabytesPerSecond() {
      return bytes / 1e6 / Math.max(1e-3, took.toNanos() / 1e9);
    }
  }

  /** A test plan execution's own counts, when nunu reported them. */
  public record Execution(String status, Long totalTests, Long passed, Long failed, Long skipped, Long stopped) {}

  /** A job and its runs; {@code status} is the last status seen. */
  public record JobReport(String jobId, String testName, String status, String rejectionReason, List<RunReport> runs) {
    /** The outcomes that count: one per counted run, or one error for a job that ran nothing. */
    public List<Outcome> outcomes() {
      List<Outcome> counted = runs.stream().filter(r -> !r.superseded()).map(RunReport::outcome).toList();
      if (!counted.isEmpty()) {
        return counted;
      }
      return rejectionReason != null || "COMPLETED".equals(status) ? List.of(Outcome.ERRORED) : List.of(Outcome.UNFINISHED);
    }

    public String displayName() {
      if (testName != null) {
        return testName;
      }
      return runs.stream().map(RunReport::testName).filter(n -> n != null).findFirst().orElse("job " + jobId);
    }
  }

  /**
   * One run of a job. {@code superseded}: an earlier attempt that a retry replaced, shown but not
   * counted. {@code details} and {@code bugs} may be missing when fetching them failed.
   */
  public record RunReport(
      String runId, String result, Outcome outcome, boolean superseded, RunDetails details, List<Bug> bugs, String fetchProblem) {
    public String testName() {
      return details == null ? null : details.testName();
    }

    public Double durationMs() {
      return details == null ? null : details.durationMs();
    }

    /** Bugs listed, or the run's own count when the list could not be fetched. */
    public int bugCount() {
      if (bugs.isEmpty() && details != null && details.bugCount() != null) {
        return details.bugCount().intValue();
      }
      return bugs.size();
    }
  }

  public record Counts(int passed, int failed, int errored, int unfinished, int bugs) {}

  public Counts counts() {
    return count(jobs);
  }

  /** The verdict of finished jobs: any execution error, else any failure, else success. */
  public static Result verdict(List<JobReport> jobs) {
    Counts counts = count(jobs);
    return counts.errored() > 0 ? Result.ERROR : counts.failed() > 0 ? Result.FAILURE : Result.SUCCESS;
  }

  public static Counts count(List<JobReport> jobs) {
    int passed = 0;
    int failed = 0;
    int errored = 0;
    int unfinished = 0;
    int bugs = 0;
    for (JobReport job : jobs) {
      for (Outcome outcome : job.outcomes()) {
        switch (outcome) {
          case PASSED -> passed++;
          case FAILED -> failed++;
          case ERRORED -> errored++;
          case UNFINISHED -> unfinished++;
        }
      }
      for (RunReport run : job.runs()) {
        if (!run.superseded()) {
          bugs += run.bugCount();
        }
      }
    }
    return new Counts(passed, failed, errored, unfinished, bugs);
  }

  public List<String> jobIds() {
    return jobs.stream().map(JobReport::jobId).toList();
  }

  public List<String> runIds() {
    return jobs.stream().flatMap(j -> j.runs().stream()).map(RunReport::runId).toList();
  }
}
