package io.github.nunuaction.actions;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nunuaction.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the action runs, read once from the runner's variables and the event payload: the only
 * place that reads {@code GITHUB_*}, {@code RUNNER_*} and {@code STATE_*}. Outside GitHub Actions
 * most fields are null and the workspace is the current directory.
 *
 * @param serverUrl {@code https://github.com}, or a GitHub Enterprise Server's own
 * @param apiUrl the REST API of that server ({@code GITHUB_API_URL})
 * @param graphqlUrl its GraphQL API ({@code GITHUB_GRAPHQL_URL})
 * @param ref the ref the runner names ({@code GITHUB_REF}): for {@code pull_request_target} the
 *     base branch, for {@code merge_group} the queue's branch
 * @param identityRef the ref the runs belong to: the pull request's merge ref for {@code
 *     pull_request_target} (never the base branch, whose runs are baselines), the triggering run's
 *     branch for {@code workflow_run}, else {@link #ref}
 * @param mergeGroup the merge queue group of a {@code merge_group} event, else null
 * @param headSha the commit under test: a pull request's head, a merge group's head, the commit a
 *     {@code workflow_run} ran on, else the pushed commit
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
    String graphqlUrl,
    String eventName,
    String ref,
    String identityRef,
    String refName,
    PullRequest pullRequest,
    MergeGroup mergeGroup,
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
  private static final Pattern QUEUE_REF =
      Pattern.compile("^refs/heads/gh-readonly-queue/(.+)/pr-(\\d+)-[0-9a-f]+$");

  /** The events whose identity and baseline the README describes; others get one line. */
  public static final Set<String> KNOWN_EVENTS =
      Set.of(
          "push",
          "pull_request",
          "pull_request_target",
          "merge_group",
          "workflow_dispatch",
          "schedule",
          "release",
          "workflow_run");

  private static final long MAX_EVENT_BYTES = 8L * 1024 * 1024;

  /** The pull request of a {@code pull_request} event (or a {@code refs/pull/N/...} ref). */
  public record PullRequest(
      long number, String title, String url, String baseRef, String headRef) {}

  /**
   * A merge queue group ({@code merge_group}): its queue branch, the branch it merges into, and the
   * pull request its branch name carries ({@code gh-readonly-queue/<base>/pr-<n>-<sha>}; the
   * group's first, when it holds several), or null.
   */
  public record MergeGroup(String headRef, String baseBranch, Long pullRequest) {}

  /** The runner's file commands; null where the runner gave none (outside Actions). */
  public record FileCommands(Path output, Path state, Path summary) {}

  public static GitHubContext from(Map<String, String> env) {
    JsonNode event = event(env.get("GITHUB_EVENT_PATH"));
    String serverUrl = first(env.get("GITHUB_SERVER_URL"), DEFAULT_SERVER_URL);
    String repository = blankToNull(env.get("GITHUB_REPOSITORY"));
    String ref = blankToNull(env.get("GITHUB_REF"));
    String eventName = blankToNull(env.get("GITHUB_EVENT_NAME"));
    JsonNode pullRequestJson = Json.child(event, "pull_request");
    PullRequest pullRequest = pullRequest(env, ref, pullRequestJson, serverUrl, repository);
    MergeGroup mergeGroup =
        "merge_group".equals(eventName) ? mergeGroup(Json.child(event, "merge_group"), ref) : null;
    String apiUrl = first(env.get("GITHUB_API_URL"), DEFAULT_API_URL);
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
        apiUrl,
        first(env.get("GITHUB_GRAPHQL_URL"), graphqlUrl(apiUrl)),
        eventName,
        ref,
        identityRef(eventName, ref, pullRequest, event),
        blankToNull(env.get("GITHUB_REF_NAME")),
        pullRequest,
        mergeGroup,
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

  /**
   * The link to this job's log when {@code checkRunId} (the job's check run, {@code
   * job.check_run_id}) is known, else to the workflow run; null outside Actions.
   */
  public String jobUrl(String checkRunId) {
    String run = runUrl();
    return run == null || checkRunId == null ? run : run + "/job/" + checkRunId;
  }

  /**
   * The branch whose runs this one's failures are compared with, when the event names one: a pull
   * request's base, a merge group's target branch; else the repository's default branch, which a
   * scheduled run's payload does not name but its ref is. Null when none is known.
   */
  public String baselineBranch() {
    if (pullRequest != null && pullRequest.baseRef() != null) {
      return pullRequest.baseRef();
    }
    if (mergeGroup != null && mergeGroup.baseBranch() != null) {
      return mergeGroup.baseBranch();
    }
    if (defaultBranch != null) {
      return defaultBranch;
    }
    return "schedule".equals(eventName) && ref != null && ref.startsWith("refs/heads/")
        ? ref.substring("refs/heads/".length())
        : null;
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

  private static MergeGroup mergeGroup(JsonNode json, String ref) {
    String headRef = first(Json.text(json, "head_ref"), ref);
    String baseRef = Json.text(json, "base_ref");
    Matcher queue = QUEUE_REF.matcher(headRef == null ? "" : headRef);
    Long number = queue.matches() ? Long.valueOf(queue.group(2)) : null;
    String base =
        baseRef != null && baseRef.startsWith("refs/heads/")
            ? baseRef.substring("refs/heads/".length())
            : queue.matches() ? queue.group(1) : null;
    return new MergeGroup(headRef, base, number);
  }

  /** The ref the runs belong to (see {@link #identityRef}). */
  private static String identityRef(
      String eventName, String ref, PullRequest pullRequest, JsonNode event) {
    if ("pull_request_target".equals(eventName) && pullRequest != null) {
      return "refs/pull/" + pullRequest.number() + "/merge";
    }
    String triggeringBranch = Json.text(Json.child(event, "workflow_run"), "head_branch");
    if ("workflow_run".equals(eventName) && triggeringBranch != null) {
      return "refs/heads/" + triggeringBranch;
    }
    return ref;
  }

  /** GitHub's GraphQL endpoint beside its REST API: github.com's, or a GHES's {@code /api/...}. */
  private static String graphqlUrl(String apiUrl) {
    String base = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
    return base.endsWith("/api/v3")
        ? base.substring(0, base.length() - "/v3".length()) + "/graphql"
        : base + "/graphql";
  }

  private static String headSha(Map<String, String> env, JsonNode event, JsonNode pullRequest) {
    String sha =
        first(
            Json.text(Json.child(pullRequest, "head"), "sha"),
            Json.text(Json.child(event, "merge_group"), "head_sha"),
            Json.text(Json.child(event, "workflow_run"), "head_sha"),
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
