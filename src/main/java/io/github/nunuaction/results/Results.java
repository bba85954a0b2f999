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
   * @param jobs each test's latest try
   * @param planExecution the test plan execution's own counts, when nunu reported them
   * @param earlierTries by the latest try's job id, the tries before it, oldest first: those of
   *     earlier attempts of the workflow run on the same build, then this step's ({@code
   *     retry-failed})
   */
  public record Collected(
      List<JobResult> jobs,
      PlanExecution planExecution,
      Map<String, List<JobResult>> earlierTries) {
    public static final Collected NOTHING = new Collected(List.of(), null);

    public Collected {
      jobs = List.copyOf(jobs);
      earlierTries = Map.copyOf(earlierTries);
    }

    public Collected(List<JobResult> jobs, PlanExecution planExecution) {
      this(jobs, planExecution, Map.of());
    }
  }

  /**
   * The step: when it ran, and what went wrong outside the tests, in the words the log used.
   *
   * @param failed the step itself failed (an input nunu refused, a service that failed, a bug), so
   *     the tests alone do not decide its conclusion
   */
  public record Step(Instant startedAt, Instant finishedAt, List<String> problems, boolean failed) {
    public Step {
      problems = List.copyOf(problems);
    }

    public Step(Instant startedAt, Instant finishedAt, List<String> problems) {
      this(startedAt, finishedAt, problems, false);
    }
  }

  /**
   * What was found out after the runs, for reviewers: which failures are new (by job id), what the
   * agents knew, the ephemeral test's id, the pull request comment (or why there is none), and what
   * excuses a failure (flaky, quarantined).
   */
  public record Review(
      Map<String, Baseline> baselines,
      Knowledge knowledge,
      String testId,
      String commentUrl,
      String commentNote,
      Excuses excuses) {
    public static final Review NONE = new Review(Map.of(), null, null, null, null);

    public Review(
        Map<String, Baseline> baselines,
        Knowledge knowledge,
        String testId,
        String commentUrl,
        String commentNote) {
      this(baselines, knowledge, testId, commentUrl, commentNote, Excuses.NONE);
    }

    public static Review ofTest(String testId) {
      return new Review(Map.of(), null, testId, null, null);
    }

    public Review withBaselines(Map<String, Baseline> found) {
      return new Review(Map.copyOf(found), knowledge, testId, commentUrl, commentNote, excuses);
    }

    public Review withKnowledge(Knowledge found) {
      return new Review(baselines, found, testId, commentUrl, commentNote, excuses);
    }

    public Review withComment(String url, String note) {
      return new Review(baselines, knowledge, testId, url, note, excuses);
    }

    public Review withExcuses(Excuses found) {
      return new Review(baselines, knowledge, testId, commentUrl, commentNote, found);
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
        new Step(step.startedAt(), step.finishedAt(), allProblems, step.failed()));
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
    return Counts.of(jobs(), review.excuses());
  }

  /** Every try of the test whose latest try is {@code job}, oldest first, {@code job} last. */
  public List<JobResult> triesOf(JobResult job) {
    var tries = new ArrayList<>(collected.earlierTries().getOrDefault(job.jobId(), List.of()));
    tries.add(job);
    return tries;
  }

  /** The flaky tests (their latest tries). */
  public List<JobResult> flaky() {
    return jobs().stream().filter(review.excuses()::isFlaky).toList();
  }

  /** The failed tests whose failure the quarantine file excused (their latest tries). */
  public List<JobResult> quarantinedFailures() {
    return jobs().stream().filter(job -> review.excuses().excusing(job) != null).toList();
  }

  /** The jobs this attempt started, retries included (not the results of an earlier attempt). */
  public List<String> jobIds() {
    return startedNow().map(JobResult::jobId).toList();
  }

  public List<String> runIds() {
    return startedNow().flatMap(j -> j.runs().stream()).map(RunResult::runId).toList();
  }

  /** The failed tests that passed on the baseline branch: this change broke them. */
  public List<String> newFailures() {
    return jobs().stream()
        .filter(job -> !review.excuses().excused(job))
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

  /** Every try this attempt started, in order of the tests, each test's tries oldest first. */
  private Stream<JobResult> startedNow() {
    return jobs().stream()
        .flatMap(job -> triesOf(job).stream())
        .filter(job -> job.earlierAttempt() == 0);
  }
}
