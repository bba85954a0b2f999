package io.github.nunuaction.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nunuaction.nunu.Severity;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every input of the action, parsed and validated once by {@link InputParser}. */
public record Inputs(Api api, Build build, Run run, Waiting waiting, Reporting reporting, Leg leg) {
  /** {@code api-url}'s default. */
  public static final String DEFAULT_API_URL = "https://nunu.ai/api/v1";

  /** {@code artifacts-url}'s default. */
  public static final String DEFAULT_ARTIFACTS_URL = "https://bouncer.nunu.ai";

  /** The most {@code timeout-minutes} may be: three days. */
  public static final int MAX_TIMEOUT_MINUTES = 4320;

  /**
   * Where this step stands among the steps and matrix legs of its workflow job.
   *
   * @param identityKey replaces the derived leg key when set ({@code identity-key})
   * @param matrix the leg's matrix values as GitHub gives them ({@code toJSON(matrix)}), or null
   *     outside a matrix
   * @param checkRunId the job's check run ({@code job.check_run_id}), for a link to its log; null
   *     where GitHub does not fill it
   */
  public record Leg(String identityKey, String matrix, String checkRunId) {
    public static final Leg NONE = new Leg(null, null, null);
  }

  /** A build the step names, by role: main, extra-1, player-2, player-2-extra-1, ... */
  public record NamedBuild(String role, Build build) {}

  /** Every build the step names, main first; none of them {@link NoBuild}. */
  public List<NamedBuild> namedBuilds() {
    var named = new ArrayList<NamedBuild>();
    named.add(new NamedBuild("main", build));
    if (run != null) {
      run.extraBuilds().forEach((app, extra) -> named.add(new NamedBuild("extra-" + app, extra)));
      run.players()
          .forEach(
              (number, player) -> {
                named.add(new NamedBuild("player-" + number, player.build()));
                player
                    .extraBuilds()
                    .forEach(
                        (app, extra) ->
                            named.add(new NamedBuild("player-" + number + "-extra-" + app, extra)));
              });
    }
    named.removeIf(build -> build.build() instanceof NoBuild);
    return named;
  }

  /** Where and how to call nunu. The key never appears in {@link #toString()}. */
  public record Api(String apiKey, String projectId, URI apiUrl, URI artifactsUrl) {
    @Override
    public String toString() {
      return "Api[projectId="
          + projectId
          + ", apiUrl="
          + apiUrl
          + ", artifactsUrl="
          + artifactsUrl
          + "]";
    }
  }

  /** Which build the run uses: a file to upload, an uploaded build, or none. */
  public sealed interface Build permits FileToUpload, ExistingBuild, NoBuild {}

  /** A file to upload; {@code pattern} is the {@code build-file} input as written. */
  public record FileToUpload(
      String pattern,
      Path file,
      String name,
      Platform platform,
      String description,
      List<String> tags,
      boolean autoDelete,
      DeletionPolicy deletionPolicy,
      Integer uploadTimeoutMinutes,
      int parallelism,
      boolean reuse)
      implements Build {}

  public record ExistingBuild(String buildId) implements Build {}

  public record NoBuild() implements Build {}

  /**
   * What to start; null in {@link Inputs} when the action only uploads.
   *
   * @param deploymentConfigId the default deployment config; null only when {@code players} names
   *     one for every player
   * @param extraBuilds the builds of {@code deploymentConfigId}'s extra apps, by app number (1-3)
   * @param players a deployment config (and builds) per player of a cross-platform test
   * @param allDevices one run per device of {@code deploymentConfigId}
   * @param supersede which unfinished jobs of earlier workflow runs to stop before starting
   * @param rerun on a re-run attempt, whether tests that passed before are started again
   * @param retryFailed how many times, within the step, a failed test is started again (0-3)
   */
  public record Run(
      Target target,
      String deploymentConfigId,
      Map<Integer, Build> extraBuilds,
      Map<Integer, Player> players,
      boolean allDevices,
      String agentConfigId,
      List<String> tags,
      JsonNode templateData,
      JsonNode options,
      Supersede supersede,
      Rerun rerun,
      int retryFailed) {

    public Run {
      extraBuilds = Collections.unmodifiableSortedMap(new TreeMap<>(extraBuilds));
      players = Collections.unmodifiableSortedMap(new TreeMap<>(players));
    }

    /** The same run, starting {@code other} instead (a re-run starts a plan's tests one by one). */
    public Run startingTest(Target other) {
      return new Run(
          other,
          deploymentConfigId,
          extraBuilds,
          players,
          allDevices,
          agentConfigId,
          tags,
          templateData,
          options,
          supersede,
          rerun,
          retryFailed);
    }
  }

  /**
   * One player's deployment in a cross-platform test: its config, its main app's build (or {@link
   * NoBuild}: what the config provides) and its extra apps' builds.
   */
  public record Player(String deploymentConfigId, Build build, Map<Integer, Build> extraBuilds) {
    public Player {
      extraBuilds = Collections.unmodifiableSortedMap(new TreeMap<>(extraBuilds));
    }
  }

  /** Exactly one of the three things a run can start. */
  public sealed interface Target permits TestTarget, PlanTarget, InstructionsTarget {}

  public record TestTarget(String testId, int retries, int instances) implements Target {}

  public record PlanTarget(String testPlanId) implements Target {}

  public record InstructionsTarget(String text, String runName) implements Target {}

  /**
   * How long to wait, and what fails the step.
   *
   * @param failOnBugs the lowest bug severity that fails the step; null: bugs never do
   * @param baselineBranch where "new or known failure" looks, or null for the default
   * @param failOnFlaky whether a flaky test fails the step like a failed one
   * @param quarantine the tests whose failures do not fail the step until a date
   */
  public record Waiting(
      boolean enabled,
      Duration timeout,
      Duration pollInterval,
      FailOn failOn,
      boolean failOnTimeout,
      Severity failOnBugs,
      String baselineBranch,
      boolean failOnFlaky,
      Quarantine quarantine) {}

  /**
   * Where the results go.
   *
   * @param githubToken for the pull request comment; null outside GitHub Actions
   * @param knowledgeDir a workspace folder to compare with the project's knowledge, or null
   */
  public record Reporting(
      Path resultsDir,
      ArtifactSelection downloadArtifacts,
      boolean downloadOnlyFailed,
      JobSummary jobSummary,
      PrComment prComment,
      String githubToken,
      boolean reportKnowledge,
      Path knowledgeDir) {}

  /** The {@code job-summary} input: when to write the step summary. */
  public enum JobSummary {
    TRUE,
    /** Only when the step's result is not a success (big matrices). */
    ON_FAILURE,
    FALSE
  }

  /** The {@code pr-comment} input. */
  public enum PrComment {
    ALWAYS,
    /** Only when the step fails; an earlier comment is still updated. */
    FAILURE,
    NEVER
  }

  public enum Platform {
    WINDOWS("windows"),
    MACOS("macos"),
    LINUX("linux"),
    ANDROID("android"),
    IOS_NATIVE("ios-native"),
    IOS_SIMULATOR("ios-simulator"),
    XBOX("xbox"),
    PLAYSTATION("playstation");

    private final String apiName;

    Platform(String apiName) {
      this.apiName = apiName;
    }

    public String apiName() {
      return apiName;
    }
  }

  public enum DeletionPolicy {
    LEAST_RECENT("least_recent"),
    OLDEST("oldest");

    private final String apiName;

    DeletionPolicy(String apiName) {
      this.apiName = apiName;
    }

    public String apiName() {
      return apiName;
    }
  }

  /** The {@code supersede} input: whose unfinished jobs a new workflow run stops. */
  public enum Supersede {
    NONE,
    /** Those of earlier runs for the same pull request. */
    PR,
    /** Those of earlier runs for the same ref. */
    REF
  }

  /** The {@code rerun} input: what a re-run attempt starts again. */
  public enum Rerun {
    /** Only the tests that did not pass in an earlier attempt on the same build. */
    FAILED,
    ALL
  }

  /** Which outcomes fail the step. */
  public enum FailOn {
    FAILURE,
    ERROR,
    /** Only failures that did not fail on the baseline branch too. */
    NEW_FAILURE,
    NEVER
  }
}
