package io.github.nunuaction.results;

import io.github.nunuaction.nunu.PlanExecution;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Everything known at the end of an invocation, whatever ended it. The run phase fills it; the
 * renderers only read it.
 *
 * @param buildId the build the runs used: uploaded, reused, or the one nunu chose; may be null
 * @param upload set when the action uploaded the build
 * @param builds every build the run uses, by role, main first
 * @param configs the deployment config of each player ({@code player-2}) and of the others ({@code
 *     default}), as the inputs gave them
 * @param started what was started, as people read it ("test plan ..."), or null
 * @param planExecution the test plan execution's own counts, when nunu reported them
 * @param problems what went wrong, in the words the log used
 * @param superseded jobs of earlier workflow runs that this one stopped ({@code supersede})
 */
public record Results(
    Conclusion conclusion,
    String buildId,
    UploadedBuild upload,
    List<RoleBuild> builds,
    Map<String, String> configs,
    String started,
    String testPlanExecutionId,
    PlanExecution planExecution,
    List<JobResult> jobs,
    List<String> superseded,
    List<String> problems,
    Instant startedAt,
    Instant finishedAt,
    Review review) {

  /**
   * What was found out after the runs, for reviewers: which failures are new (by job id), what the
   * agents knew, the ephemeral test's id, and the pull request comment (or why there is none).
   */
  public record Review(
      Map<String, Baseline> baselines,
      Knowledge knowledge,
      String testId,
      String commentUrl,
      String commentNote) {
    public static final Review NONE = new Review(Map.of(), null, null, null, null);

    public Review withBaselines(Map<String, Baseline> found) {
      return new Review(Map.copyOf(found), knowledge, testId, commentUrl, commentNote);
    }

    public Review withKnowledge(Knowledge found) {
      return new Review(baselines, found, testId, commentUrl, commentNote);
    }

    public Review withComment(String url, String note) {
      return new Review(baselines, knowledge, testId, url, note);
    }
  }

  public Results withReview(Review newReview) {
    return new Results(
        conclusion,
        buildId,
        upload,
        builds,
        configs,
        started,
        testPlanExecutionId,
        planExecution,
        jobs,
        superseded,
        problems,
        startedAt,
        finishedAt,
        newReview);
  }

  public Results withConclusion(Conclusion newConclusion, List<String> moreProblems) {
    var allProblems = new ArrayList<>(problems);
    allProblems.addAll(moreProblems);
    return new Results(
        newConclusion,
        buildId,
        upload,
        builds,
        configs,
        started,
        testPlanExecutionId,
        planExecution,
        jobs,
        superseded,
        List.copyOf(allProblems),
        startedAt,
        finishedAt,
        review);
  }

  public Counts counts() {
    return Counts.of(jobs);
  }

  /** The jobs this attempt started (not the results carried from an earlier attempt). */
  public List<String> jobIds() {
    return startedNow().map(JobResult::jobId).toList();
  }

  public List<String> runIds() {
    return startedNow().flatMap(j -> j.runs().stream()).map(RunResult::runId).toList();
  }

  /** The failed tests that passed on the baseline branch: this change broke them. */
  public List<String> newFailures() {
    return jobs.stream()
        .filter(job -> review.baselines().containsKey(job.jobId()))
        .filter(job -> review.baselines().get(job.jobId()).kind() == Baseline.Kind.NEW)
        .map(JobResult::displayName)
        .toList();
  }

  /** The {@code build-ids} output: role to build id, main first. */
  public Map<String, String> buildIds() {
    return RoleBuild.ids(builds);
  }

  /** The deployment config player {@code number} ran on, as the inputs gave it; null if unknown. */
  public String configOf(Long number) {
    String own = number == null ? null : configs.get("player-" + number);
    return own != null ? own : configs.get("default");
  }

  /** Whether the build was an identical one nunu had already, instead of an upload. */
  public boolean buildReused() {
    return upload != null && upload.reused();
  }

  private Stream<JobResult> startedNow() {
    return jobs.stream().filter(job -> job.earlierAttempt() == 0);
  }
}
