package io.github.nunuaction.results;

import io.github.nunuaction.nunu.PlanExecution;
import java.time.Instant;
import java.util.List;

/**
 * Everything known at the end of an invocation, whatever ended it. The run phase fills it; the
 * renderers only read it.
 *
 * @param buildId the build the runs used: uploaded, reused, or the one nunu chose; may be null
 * @param upload set when the action uploaded the build
 * @param started what was started, as people read it ("test plan ..."), or null
 * @param planExecution the test plan execution's own counts, when nunu reported them
 * @param problems what went wrong, in the words the log used
 */
public record Results(
    Conclusion conclusion,
    String buildId,
    UploadedBuild upload,
    String started,
    String testPlanExecutionId,
    PlanExecution planExecution,
    List<JobResult> jobs,
    List<String> problems,
    Instant startedAt,
    Instant finishedAt) {

  public Counts counts() {
    return Counts.of(jobs);
  }

  public List<String> jobIds() {
    return jobs.stream().map(JobResult::jobId).toList();
  }

  public List<String> runIds() {
    return jobs.stream().flatMap(j -> j.runs().stream()).map(RunResult::runId).toList();
  }
}
