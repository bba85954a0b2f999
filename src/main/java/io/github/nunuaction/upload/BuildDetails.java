package io.github.nunuaction.upload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.nunuaction.Version;
import io.github.nunuaction.api.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The build's {@code details} (API.md section 2.1.1): where it came from, read from the runner's
 * variables and the event payload the way the official CLI does, plus who uploaded it.
 */
public final class BuildDetails {
  private static final Pattern PR_REF = Pattern.compile("refs/pull/(\\d+)/");
  private static final long MAX_EVENT_BYTES = 8L * 1024 * 1024;

  private BuildDetails() {}

  public static ObjectNode from(Map<String, String> env) {
    ObjectNode details = Json.object();
    boolean inActions = "true".equalsIgnoreCase(env.get("GITHUB_ACTIONS"));
    if (inActions) {
      JsonNode event = event(env.get("GITHUB_EVENT_PATH"));
      details.set("vcs", vcs(env, event));
      details.set("ci", ci(env));
    }
    ObjectNode upload = details.putObject("upload");
    upload.put("method", inActions ? "github-action" : "api");
    upload.put("cli_version", "nunu-action " + Version.VERSION);
    putIfPresent(upload, "uploader", first(env.get("GITHUB_ACTOR"), env.get("USER")));
    return details;
  }

  private static ObjectNode vcs(Map<String, String> env, JsonNode event) {
    ObjectNode vcs = Json.object();
    vcs.put("type", "git");
    vcs.put("provider", "github");
    String server = first(env.get("GITHUB_SERVER_URL"), "https://github.com");
    String repository = env.get("GITHUB_REPOSITORY");
    if (repository != null) {
      vcs.put("repository_url", server + "/" + repository);
    }
    JsonNode pullRequest = Json.child(event, "pull_request");
    String sha = first(
        Json.text(Json.child(pullRequest, "head"), "sha"),
        Json.text(event, "after"),
        Json.text(Json.child(event, "head_commit"), "id"),
        env.get("GITHUB_SHA"));
    if (sha != null && !sha.matches("0+")) {
      ObjectNode commit = vcs.putObject("commit");
      commit.put("hash", sha);
      commit.put("short_hash", sha.length() > 7 ? sha.substring(0, 7) : sha);
      putIfPresent(commit, "message", Json.text(Json.child(event, "head_commit"), "message"));
      putIfPresent(commit, "author", env.get("GITHUB_ACTOR"));
    }
    String ref = env.getOrDefault("GITHUB_REF", "");
    if (ref.startsWith("refs/tags/")) {
      vcs.put("tag", ref.substring("refs/tags/".length()));
    } else if (ref.startsWith("refs/heads/")) {
      vcs.put("branch", ref.substring("refs/heads/".length()));
    } else {
      putIfPresent(vcs, "branch", first(env.get("GITHUB_HEAD_REF"), env.get("GITHUB_REF_NAME")));
    }
    Long number = Json.integer(pullRequest, "number");
    Matcher prRef = PR_REF.matcher(ref);
    if (number == null && prRef.find()) {
      number = Long.parseLong(prRef.group(1));
    }
    if (number != null) {
      ObjectNode pr = vcs.putObject("pr");
      pr.put("number", number.intValue());
      putIfPresent(pr, "title", Json.text(pullRequest, "title"));
      pr.put("url", first(Json.text(pullRequest, "html_url"), server + "/" + repository + "/pull/" + number));
      putIfPresent(pr, "source_branch", env.get("GITHUB_HEAD_REF"));
      putIfPresent(pr, "target_branch", env.get("GITHUB_BASE_REF"));
    }
    return vcs;
  }

  private static ObjectNode ci(Map<String, String> env) {
    ObjectNode ci = Json.object();
    ci.put("system", "github-actions");
    putIfPresent(ci, "build_number", env.get("GITHUB_RUN_NUMBER"));
    putIfPresent(ci, "job_name", env.get("GITHUB_WORKFLOW"));
    putIfPresent(ci, "run_id", env.get("GITHUB_RUN_ID"));
    if (env.get("GITHUB_REPOSITORY") != null && env.get("GITHUB_RUN_ID") != null) {
      ci.put("run_url", first(env.get("GITHUB_SERVER_URL"), "https://github.com") + "/" + env.get("GITHUB_REPOSITORY")
          + "/actions/runs/" + env.get("GITHUB_RUN_ID"));
    }
    putIfPresent(ci, "triggered_by", env.get("GITHUB_ACTOR"));
    putIfPresent(ci, "agent", env.get("RUNNER_NAME"));
    return ci;
  }

  /** The event payload; a missing, huge or broken file only means less metadata. */
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

  private static String first(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }

  private static void putIfPresent(ObjectNode node, String field, String value) {
    if (value != null && !value.isBlank()) {
      node.put(field, value);
    }
  }
}
