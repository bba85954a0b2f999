package io.github.nunuaction.actions;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nunuaction.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the action runs, read once from the runner's variables and the event payload: the only
 * place that reads {@code GITHUB_*}, {@code RUNNER_*} and {@code STATE_*}. Outside GitHub Actions
 * most fields are null and the workspace is the current directory.
 *
 * @param serverUrl {@code https://github.com}, or a GitHub Enterprise Server's own
 * @param apiUrl the REST API of that server ({@code GITHUB_API_URL})
 * @param headSha the commit under test: a pull request's head, else the pushed commit
 * @param defaultBranch the repository's default branch, from the event payload
 * @param runAttempt 1 for the first attempt of a workflow run, 2 and up for re-runs
 * @param state what the main step saved for the post step ({@code STATE_*})
 */
public record GitHubContext(
    boolean inActions,
    boolean debug,
    Path workspace,
    String repository,
    String serverUrl,
    String apiUrl,
    String eventName,
    String ref,
    String refName,
    PullRequest pullRequest,
    String headSha,
    String commitMessage,
    String defaultBranch,
    String runId,
    int runAttempt,
    String runNumber,
    String workflow,
    String job,
    String actor,
    String runnerName,
    String localUser,
    FileCommands files,
    Map<String, String> state) {

  public static final String DEFAULT_SERVER_URL = "https://github.com";
  public static final String DEFAULT_API_URL = "https://api.github.com";
  private static final Pattern PR_REF = Pattern.compile("refs/pull/(\\d+)/");
  private static final long MAX_EVENT_BYTES = 8L * 1024 * 1024;

  /** The pull request of a {@code pull_request} event (or a {@code refs/pull/N/...} ref). */
  public record PullRequest(
      long number, String title, String url, String baseRef, String headRef) {}

  /** The runner's file commands; null where the runner gave none (outside Actions). */
  public record FileCommands(Path output, Path state, Path summary) {}

  public static GitHubContext from(Map<String, String> env) {
    JsonNode event = event(env.get("GITHUB_EVENT_PATH"));
    String serverUrl = first(env.get("GITHUB_SERVER_URL"), DEFAULT_SERVER_URL);
    String repository = blankToNull(env.get("GITHUB_REPOSITORY"));
    String ref = blankToNull(env.get("GITHUB_REF"));
    JsonNode pullRequestJson = Json.child(event, "pull_request");
    var state = new LinkedHashMap<String, String>();
    env.forEach(
        (name, value) -> {
          if (name.startsWith("STATE_")) {
            state.put(name.substring("STATE_".length()), value);
          }
        });
    return new GitHubContext(
        "true".equalsIgnoreCase(env.get("GITHUB_ACTIONS")),
        "1".equals(env.get("RUNNER_DEBUG")),
        workspace(env.get("GITHUB_WORKSPACE")),
        repository,
        serverUrl,
        first(env.get("GITHUB_API_URL"), DEFAULT_API_URL),
        blankToNull(env.get("GITHUB_EVENT_NAME")),
        ref,
        blankToNull(env.get("GITHUB_REF_NAME")),
        pullRequest(env, ref, pullRequestJson, serverUrl, repository),
        headSha(env, event, pullRequestJson),
        Json.text(Json.child(event, "head_commit"), "message"),
        Json.text(Json.child(event, "repository"), "default_branch"),
        blankToNull(env.get("GITHUB_RUN_ID")),
        runAttempt(env.get("GITHUB_RUN_ATTEMPT")),
        blankToNull(env.get("GITHUB_RUN_NUMBER")),
        blankToNull(env.get("GITHUB_WORKFLOW")),
        blankToNull(env.get("GITHUB_JOB")),
        blankToNull(env.get("GITHUB_ACTOR")),
        blankToNull(env.get("RUNNER_NAME")),
        blankToNull(env.get("USER")),
        new FileCommands(
            path(env.get("GITHUB_OUTPUT")),
            path(env.get("GITHUB_STATE")),
            path(env.get("GITHUB_STEP_SUMMARY"))),
        Map.copyOf(state));
  }

  /** The link to this workflow run, or null outside Actions. */
  public String runUrl() {
    return repository == null || runId == null
        ? null
        : serverUrl + "/" + repository + "/actions/runs/" + runId;
  }

  /** The branch a push went to ({@code refs/heads/...}), else the ref's short name. */
  public String branch() {
    if (ref != null && ref.startsWith("refs/heads/")) {
      return ref.substring("refs/heads/".length());
    }
    return pullRequest != null && pullRequest.headRef() != null ? pullRequest.headRef() : refName;
  }

  /** The tag of a tag push, else null. */
  public String tag() {
    return ref != null && ref.startsWith("refs/tags/")
        ? ref.substring("refs/tags/".length())
        : null;
  }

  private static PullRequest pullRequest(
      Map<String, String> env, String ref, JsonNode json, String serverUrl, String repository) {
    Long number = Json.integer(json, "number");
    Matcher prRef = PR_REF.matcher(ref == null ? "" : ref);
    if (number == null && prRef.find()) {
      number = Long.parseLong(prRef.group(1));
    }
    if (number == null) {
      return null;
    }
    return new PullRequest(
        number,
        Json.text(json, "title"),
        first(Json.text(json, "html_url"), serverUrl + "/" + repository + "/pull/" + number),
        first(env.get("GITHUB_BASE_REF"), Json.text(Json.child(json, "base"), "ref")),
        first(env.get("GITHUB_HEAD_REF"), Json.text(Json.child(json, "head"), "ref")));
  }

  private static String headSha(Map<String, String> env, JsonNode event, JsonNode pullRequest) {
    String sha =
        first(
            Json.text(Json.child(pullRequest, "head"), "sha"),
            Json.text(event, "after"),
            Json.text(Json.child(event, "head_commit"), "id"),
            env.get("GITHUB_SHA"));
    // A deleted branch's push event says "after": "000...0".
    return sha == null || sha.matches("0+") ? null : sha;
  }

  private static int runAttempt(String value) {
    try {
      return value == null ? 1 : Math.max(1, Integer.parseInt(value.strip()));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  private static Path workspace(String value) {
    return (value == null || value.isBlank() ? Path.of("") : Path.of(value))
        .toAbsolutePath()
        .normalize();
  }

  /** The event payload; a missing, huge or broken file only means less context. */
  private static JsonNode event(String path) {
    if (path == null || path.isBlank()) {
      return null;
    }
    try {
      Path file = Path.of(path);
      if (!Files.isRegularFile(file) || Files.size(file) > MAX_EVENT_BYTES) {
        return null;
      }
      return Json.MAPPER.readTree(file.toFile());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static Path path(String value) {
    return value == null || value.isBlank() ? null : Path.of(value);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  static String first(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }
}
