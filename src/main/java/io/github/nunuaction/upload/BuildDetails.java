package io.github.nunuaction.upload;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.nunuaction.actions.GitHubContext;
import io.github.nunuaction.actions.GitHubContext.PullRequest;
import io.github.nunuaction.core.Json;
import io.github.nunuaction.core.Version;

/**
 * The build's {@code details} (API.md section 2.1.1): where it came from, as the official CLI
 * describes a GitHub Actions build, plus who uploaded it.
 */
public final class BuildDetails {
  private BuildDetails() {}

  public static ObjectNode from(GitHubContext context) {
    ObjectNode details = Json.object();
    if (context.inActions()) {
      details.set("vcs", vcs(context));
      details.set("ci", ci(context));
    }
    ObjectNode upload = details.putObject("upload");
    upload.put("method", context.inActions() ? "github-action" : "api");
    upload.put("cli_version", "nunu-action " + Version.VERSION);
    putIfPresent(
        upload, "uploader", context.actor() != null ? context.actor() : context.localUser());
    return details;
  }

  private static ObjectNode vcs(GitHubContext context) {
    ObjectNode vcs = Json.object();
    vcs.put("type", "git");
    vcs.put("provider", "github");
    if (context.repository() != null) {
      vcs.put("repository_url", context.serverUrl() + "/" + context.repository());
    }
    String sha = context.headSha();
    if (sha != null) {
      ObjectNode commit = vcs.putObject("commit");
      commit.put("hash", sha);
      commit.put("short_hash", sha.length() > 7 ? sha.substring(0, 7) : sha);
      putIfPresent(commit, "message", context.commitMessage());
      putIfPresent(commit, "author", context.actor());
    }
    if (context.tag() != null) {
      vcs.put("tag", context.tag());
    } else {
      putIfPresent(vcs, "branch", context.branch());
    }
    PullRequest pullRequest = context.pullRequest();
    if (pullRequest != null) {
      ObjectNode pr = vcs.putObject("pr");
      pr.put("number", Math.toIntExact(pullRequest.number()));
      putIfPresent(pr, "title", pullRequest.title());
      pr.put("url", pullRequest.url());
      putIfPresent(pr, "source_branch", pullRequest.headRef());
      putIfPresent(pr, "target_branch", pullRequest.baseRef());
    }
    return vcs;
  }

  private static ObjectNode ci(GitHubContext context) {
    ObjectNode ci = Json.object();
    ci.put("system", "github-actions");
    putIfPresent(ci, "build_number", context.runNumber());
    putIfPresent(ci, "job_name", context.workflow());
    putIfPresent(ci, "run_id", context.runId());
    putIfPresent(ci, "run_url", context.runUrl());
    putIfPresent(ci, "triggered_by", context.actor());
    putIfPresent(ci, "agent", context.runnerName());
    return ci;
  }

  private static void putIfPresent(ObjectNode node, String field, String value) {
    if (value != null && !value.isBlank()) {
      node.put(field, value);
    }
  }
}
