package io.github.nunuaction.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Every input of the action, parsed and validated once by {@link InputParser}. */
public record Inputs(Api api, Build build, Run run, Waiting waiting, Reporting reporting) {

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

  /** What to start; null in {@link Inputs} when the action only uploads. */
  /**
   * @param supersede which unfinished jobs of earlier workflow runs to stop before starting
   * @param rerun on a re-run attempt, whether tests that passed before are started again
   */
  public record Run(
      Target target,
      String deploymentConfigId,
      String agentConfigId,
      List<String> tags,
      ObjectNode templateData,
      ObjectNode options,
      Supersede supersede,
      Rerun rerun) {

    /** The same run, starting {@code other} instead (a re-run starts a plan's tests one by one). */
    public Run startingTest(Target other) {
      return new Run(
          other, deploymentConfigId, agentConfigId, tags, templateData, options, supersede, rerun);
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
   */
  public record Waiting(
      boolean enabled,
      Duration timeout,
      Duration pollInterval,
      FailOn failOn,
      boolean failOnTimeout,
      Severity failOnBugs,
      String baselineBranch) {}

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
      boolean jobSummary,
      PrComment prComment,
      String githubToken,
      boolean reportKnowledge,
      Path knowledgeDir) {}

  /** The {@code pr-comment} input. */
  public enum PrComment {
    ALWAYS,
    /** Only when the step fails; an earlier comment is still updated. */
    FAILURE,
    NEVER
  }

  /** A bug's severity as nunu grades it (API.md 2.2.5), lowest first. */
  public enum Severity {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;

    /** The severity nunu wrote, in any casing; null for anything else. */
    public static Severity of(String value) {
      for (Severity severity : values()) {
        if (severity.name().equalsIgnoreCase(value == null ? "" : value.strip())) {
          return severity;
        }
      }
      return null;
    }
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
