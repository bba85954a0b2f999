package io.github.nunuaction.nunu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.nunuaction.core.Json;
import java.util.List;

/**
 * The body of {@code POST /builds/upload} (API.md 2.1.1): the build's name and file, the storage
 * options, its tags, and where it came from. Written as JSON only here.
 *
 * @param platform the API's platform name ({@code android}, {@code ios-native}, ...)
 * @param multipart asks for a multipart upload (above 3 GiB, as the official CLI does)
 * @param deletionPolicy {@code least_recent} or {@code oldest}
 * @param uploadTimeoutMinutes how long nunu keeps the reservation, or null for its default
 */
public record UploadRequest(
    String name,
    String fileName,
    long fileSize,
    String platform,
    String description,
    boolean multipart,
    boolean autoDelete,
    String deletionPolicy,
    Integer uploadTimeoutMinutes,
    List<String> tags,
    Details details) {

  public UploadRequest {
    tags = List.copyOf(tags);
  }

  /**
   * The build's {@code details}: where it came from (repository, commit, branch or tag, pull
   * request), the CI run that made it, and who uploaded it how. Parts not known are null.
   */
  public record Details(Vcs vcs, Ci ci, Upload upload) {
    /** As JSON, for tests and logs. */
    public JsonNode toJson() {
      return json();
    }

    ObjectNode json() {
      ObjectNode details = Json.object();
      if (vcs != null) {
        details.set("vcs", vcs.json());
      }
      if (ci != null) {
        details.set("ci", ci.json());
      }
      ObjectNode by = details.putObject("upload");
      by.put("method", upload.method());
      by.put("cli_version", upload.cliVersion());
      put(by, "uploader", upload.uploader());
      return details;
    }
  }

  /** A git repository on GitHub, and the commit, tag or branch, and pull request built. */
  public record Vcs(
      String repositoryUrl, Commit commit, String tag, String branch, PullRequest pullRequest) {
    ObjectNode json() {
      ObjectNode vcs = Json.object();
      vcs.put("type", "git");
      vcs.put("provider", "github");
      put(vcs, "repository_url", repositoryUrl);
      if (commit != null) {
        ObjectNode json = vcs.putObject("commit");
        json.put("hash", commit.hash());
        json.put("short_hash", commit.shortHash());
        put(json, "message", commit.message());
        put(json, "author", commit.author());
      }
      if (tag != null) {
        vcs.put("tag", tag);
      } else {
        put(vcs, "branch", branch);
      }
      if (pullRequest != null) {
        ObjectNode pr = vcs.putObject("pr");
        pr.put("number", pullRequest.number());
        put(pr, "title", pullRequest.title());
        pr.put("url", pullRequest.url());
        put(pr, "source_branch", pullRequest.sourceBranch());
        put(pr, "target_branch", pullRequest.targetBranch());
      }
      return vcs;
    }
  }

  public record Commit(String hash, String shortHash, String message, String author) {}

  public record PullRequest(
      int number, String title, String url, String sourceBranch, String targetBranch) {}

  /** The CI run: {@code github-actions}, its number, workflow, id, page, actor and runner. */
  public record Ci(
      String buildNumber,
      String jobName,
      String runId,
      String runUrl,
      String triggeredBy,
      String agent) {
    ObjectNode json() {
      ObjectNode ci = Json.object();
      ci.put("system", "github-actions");
      put(ci, "build_number", buildNumber);
      put(ci, "job_name", jobName);
      put(ci, "run_id", runId);
      put(ci, "run_url", runUrl);
      put(ci, "triggered_by", triggeredBy);
      put(ci, "agent", agent);
      return ci;
    }
  }

  /** How it was uploaded ({@code github-action} or {@code api}), by which tool, by whom. */
  public record Upload(String method, String cliVersion, String uploader) {}

  ObjectNode json() {
    ObjectNode body = Json.object();
    body.put("name", name);
    body.put("file_name", fileName);
    body.put("file_size", fileSize);
    body.put("platform", platform);
    if (description != null) {
      body.put("description", description);
    }
    if (multipart) {
      body.put("multipart", true);
    }
    body.put("auto_delete", autoDelete);
    body.put("deletion_policy", deletionPolicy);
    if (uploadTimeoutMinutes != null) {
      body.put("upload_timeout", uploadTimeoutMinutes);
    }
    if (!tags.isEmpty()) {
      tags.forEach(body.putArray("tags")::add);
    }
    if (details != null) {
      body.set("details", details.json());
    }
    return body;
  }

  /** A text field, when it has text. */
  private static void put(ObjectNode node, String field, String value) {
    if (value != null && !value.isBlank()) {
      node.put(field, value);
    }
  }
}
