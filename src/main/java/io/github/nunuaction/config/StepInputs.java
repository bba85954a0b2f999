package io.github.nunuaction.config;

import io.github.nunuaction.config.Inputs.Api;
import io.github.nunuaction.config.Inputs.FailOn;
import io.github.nunuaction.config.Inputs.JobSummary;
import io.github.nunuaction.config.Inputs.Leg;
import io.github.nunuaction.config.Inputs.PrComment;
import io.github.nunuaction.config.Inputs.Reporting;
import io.github.nunuaction.config.Inputs.Waiting;
import io.github.nunuaction.nunu.Severity;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How the step reaches nunu ({@code api-key}, {@code project-id}, the URLs), how long it waits and
 * what fails it, where and how it reports, and where it stands among the legs of its job.
 */
final class StepInputs {
  private final InputReader in;

  StepInputs(InputReader in) {
    this.in = in;
  }

  Api api() {
    String key = in.rawApiKey();
    if (key == null) {
      in.problem(
          "api-key",
          "is required: pass your nunu API key from a secret, e.g. `api-key: ${{ secrets.NUNU_API_KEY }}` (outside GitHub Actions, NUNU_API_KEY also works)");
    } else if (key.chars().anyMatch(c -> c <= ' ' || c == 127)) {
      in.problem(
          "api-key",
          "contains spaces, line breaks or control characters; copy the key again from nunu (Project Admin, API Keys)");
    }
    String projectId = in.text("project-id");
    if (projectId != null && !InputReader.TOKEN.matcher(projectId).matches()) {
      in.problem(
          "project-id",
          "must be 1-100 letters, digits, '-' or '_' (copy it from the project settings page), got '"
              + projectId
              + "'");
    }
    URI apiUrl = in.url("api-url", Inputs.DEFAULT_API_URL);
    URI artifactsUrl = in.url("artifacts-url", Inputs.DEFAULT_ARTIFACTS_URL);
    return new Api(key, projectId, apiUrl, artifactsUrl);
  }

  Waiting waiting() {
    boolean wait = in.bool("wait", true);
    int timeout = in.integer("timeout-minutes", 60, 1, Inputs.MAX_TIMEOUT_MINUTES);
    int poll = in.integer("poll-interval-seconds", 30, 5, 600);
    FailOn failOn = in.choice("fail-on", FailOn.FAILURE, FailOn.values(), InputReader::lowerName);
    boolean failOnTimeout = in.bool("fail-on-timeout", true);
    String bugs = in.text("fail-on-bugs");
    Severity failOnBugs = null;
    if (bugs != null && !bugs.equalsIgnoreCase("none")) {
      failOnBugs = Severity.of(bugs);
      if (failOnBugs == null) {
        in.problem(
            "fail-on-bugs", "must be one of none, low, medium, high, critical, got '" + bugs + "'");
      }
    }
    String baseline = in.text("baseline-branch");
    if (baseline != null && !InputReader.REF.matcher(baseline).matches()) {
      in.problem(
          "baseline-branch",
          "must be a branch name like main or release/1.2, got '" + baseline + "'");
    }
    return new Waiting(
        wait,
        Duration.ofMinutes(timeout),
        Duration.ofSeconds(poll),
        failOn,
        failOnTimeout,
        failOnBugs,
        baseline,
        in.bool("fail-on-flaky", false),
        new QuarantineFile(in).read());
  }

  Reporting reporting() {
    String dir = in.text("results-dir");
    Path resultsDir = null;
    try {
      resultsDir = in.workspace().resolve(dir == null ? "nunu-results" : dir).normalize();
    } catch (InvalidPathException e) {
      in.problem("results-dir", "is not a valid path: " + e.getMessage());
    }
    if (resultsDir != null && Files.isRegularFile(resultsDir)) {
      in.problem("results-dir", "'" + dir + "' is a file; give a folder (default nunu-results)");
    } else if (resultsDir != null) {
      in.insideWorkspace("results-dir", resultsDir);
    }
    ArtifactSelection artifacts = ArtifactSelection.NONE;
    String download = in.text("download-artifacts");
    if (download != null) {
      try {
        artifacts = ArtifactSelection.parse(download);
      } catch (IllegalArgumentException e) {
        in.problem(
            "download-artifacts",
            "must be none, logs, all, or a glob over artifact file names; '"
                + download
                + "' is not a valid glob");
      }
    }
    boolean onlyFailed =
        in.choice(
                "download-artifacts-when",
                DownloadWhen.ALWAYS,
                DownloadWhen.values(),
                InputReader::lowerName)
            == DownloadWhen.FAILURE;
    Path knowledgeDir = null;
    String knowledge = in.text("knowledge-dir");
    if (knowledge != null) {
      try {
        knowledgeDir = in.workspace().resolve(knowledge).normalize();
        if (!Files.isDirectory(knowledgeDir)) {
          in.problem("knowledge-dir", "'" + knowledge + "' is not a folder in the workspace");
          knowledgeDir = null;
        } else if (!in.insideWorkspace("knowledge-dir", knowledgeDir)) {
          knowledgeDir = null;
        }
      } catch (InvalidPathException e) {
        in.problem("knowledge-dir", "is not a valid path: " + e.getMessage());
      }
    }
    return new Reporting(
        resultsDir,
        artifacts,
        onlyFailed,
        in.choice("job-summary", JobSummary.TRUE, JobSummary.values(), InputReader::lowerName),
        in.choice("pr-comment", PrComment.ALWAYS, PrComment.values(), InputReader::lowerName),
        in.text("github-token"),
        in.bool("report-knowledge", in.text("project-id") != null),
        knowledgeDir);
  }

  /** The {@code download-artifacts-when} input. */
  private enum DownloadWhen {
    ALWAYS,
    FAILURE
  }

  /**
   * identity-key, matrix and job-check-run-id. A matrix that is not JSON is kept as text (it is
   * only hashed); outside a matrix GitHub gives {@code null} or nothing.
   */
  Leg leg() {
    String key = in.text("identity-key");
    if (key != null && (key.length() > 100 || key.chars().anyMatch(Character::isISOControl))) {
      in.problem(
          "identity-key",
          "must be 1-100 printable characters on one line (it names this step's runs across"
              + " workflow runs), got "
              + key.length()
              + " characters"
              + (key.chars().anyMatch(Character::isISOControl) ? " with control characters" : ""));
      key = null;
    }
    String matrix = in.text("matrix");
    if (matrix != null && (matrix.equals("null") || matrix.equals("{}"))) {
      matrix = null;
    }
    String checkRun = in.text("job-check-run-id");
    if (checkRun != null && !checkRun.matches("[0-9]{1,20}")) {
      in.problem(
          "job-check-run-id",
          "must be a job's check run id (a number; leave the input at its default,"
              + " ${{ job.check_run_id }}), got '"
              + checkRun
              + "'");
      checkRun = null;
    }
    return new Leg(key, matrix, checkRun);
  }
}
