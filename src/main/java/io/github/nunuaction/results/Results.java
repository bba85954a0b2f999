package io.github.nunuaction.results;

import io.github.nunuaction.nunu.PlanExecution;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Everything known at the end of an invocation, whatever ended it, from a few small records: what
 * was uploaded, what was started, what was collected, the review, and the step itself. The run
 * phase fills it; the renderers only read it, through the accessors below.
 */
public record Results(
    Conclusion conclusion,
    Uploaded uploaded,
    Started started,
    Collected collected,
    Review review,
    Step step) {

  /**
   * The builds the runs used.
   *
   * @param buildId the main build: uploaded, reused, or the one nunu chose; may be null
   * @param upload set when the action uploaded (or found) the main build
   * @param roles every build the run uses, by role, main first
   */
  public record Uploaded(String buildId, UploadedBuild upload, List<RoleBuild> roles) {
    public static final Uploaded NONE = new Uploaded(null, null, List.of());

    public Uploaded {
      roles = List.copyOf(roles);
    }
  }

  /**
   * What was started.
   *
   * @param what as people read it ("test plan ..."), or null when nothing was
   * @param configs the deployment config of each player ({@code player-2}) and of the others
   *     ({@code default}), as the inputs gave them
   * @param superseded jobs of earlier workflow runs that this one stopped ({@code supersede})
   */
  public record Started(
      String what,
      Map<String, String> configs,
      String testPlanExecutionId,
      List<String> superseded) {
    public static final Started NOTHING = new Started(null, Map.of(), null, List.of());

    public Started {
      configs = Map.copyOf(configs);
      superseded = List.copyOf(superseded);
    }
  }

  /**
   * What is known of the runs.
   *
   * @param planExecution the test plan execution's own counts, when nunu reported them
   */
  public record Collected(List<JobResult> jobs, PlanExecution planExecution) {
    public static final Collected NOTHING = new Collected(List.of(), null);

    public Collected {
      jobs = List.copyOf(jobs);
    }
  }

  /** The step: when it ran, and what went wrong outside the tests, in the words the log used. */
  public record Step(Instant startedAt, Instant finishedAt, List<String> problems) {
    public Step {
      problems = List.copyOf(problems);
    }
  }

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

    public static Review ofTest(String testId) {
      return new Review(Map.of(), null, testId, null, null);
    }

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
    return new Results(conclusion, uploaded, started, collected, newReview, step);
  }

  public Results withConclusion(Conclusion newConclusion, List<String> moreProblems) {
    var allProblems = new ArrayList<>(step.problems());
    allProblems.addAll(moreProblems);
    return new Results(
        newConclusion,
        uploaded,
        started,
        collected,
        review,
        new Step(step.startedAt(), step.finishedAt(), allProblems));
  }

  // --- what the renderers read ---

  public String buildId() {
    return uploaded.buildId();
  }

  public UploadedBuild upload() {
    return uploaded.upload();
  }

  public List<RoleBuild> builds() {
    return uploaded.roles();
  }

  public Map<String, String> configs() {
    return started.configs();
  }

  /** What was started, as people read it, or null. */
  public String startedWhat() {
    return started.what();
  }

  public String testPlanExecutionId() {
    return started.testPlanExecutionId();
  }

  public List<String> superseded() {
    return started.superseded();
  }

  public PlanExecution planExecution() {
    return collected.planExecution();
  }

  public List<JobResult> jobs() {
    return collected.jobs();
  }

  public List<String> problems() {
    return step.problems();
  }

  public Instant startedAt() {
    return step.startedAt();
  }

  public Instant finishedAt() {
    return step.finishedAt();
  }

  public Counts counts() {
    return Counts.of(jobs());
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
    return jobs().stream()
        .filter(job -> review.baselines().containsKey(job.jobId()))
        .filter(job -> review.baselines().get(job.jobId()).kind() == Baseline.Kind.NEW)
        .map(JobResult::displayName)
        .toList();
  }

  /** The {@code build-ids} output: role to build id, main first. */
  public Map<String, String> buildIds() {
    return RoleBuild.ids(builds());
  }

  /** The deployment config player {@code number} ran on, as the inputs gave it; null if unknown. */
  public String configOf(Long number) {
    String own = number == null ? null : configs().get("player-" + number);
    return own != null ? own : configs().get("default");
  }

  /** Whether the build was an identical one nunu had already, instead of an upload. */
  public boolean buildReused() {
    return upload() != null && upload().reused();
  }

  private Stream<JobResult> startedNow() {
    return jobs().stream().filter(job -> job.earlierAttempt() == 0);
  }
}
