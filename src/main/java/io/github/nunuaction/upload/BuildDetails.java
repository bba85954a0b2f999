package io.github.nunuaction.upload;

import io.github.nunuaction.actions.GitHubContext;
import io.github.nunuaction.actions.GitHubContext.PullRequest;
import io.github.nunuaction.core.Version;
import io.github.nunuaction.nunu.UploadRequest;
import io.github.nunuaction.nunu.UploadRequest.Ci;
import io.github.nunuaction.nunu.UploadRequest.Commit;
import io.github.nunuaction.nunu.UploadRequest.Details;
import io.github.nunuaction.nunu.UploadRequest.Vcs;

/**
 * The build's {@code details} (API.md section 2.1.1): where it came from, as the official CLI
 * describes a GitHub Actions build, plus who uploaded it.
 */
public final class BuildDetails {
  private BuildDetails() {}

  public static Details from(GitHubContext context) {
    return new Details(
        context.inActions() ? vcs(context) : null,
        context.inActions() ? ci(context) : null,
        new UploadRequest.Upload(
            context.inActions() ? "github-action" : "api",
            "nunu-action " + Version.VERSION,
            context.actor() != null ? context.actor() : context.localUser()));
  }

  private static Vcs vcs(GitHubContext context) {
    String sha = context.headSha();
    PullRequest pullRequest = context.pullRequest();
    return new Vcs(
        context.repository() == null ? null : context.serverUrl() + "/" + context.repository(),
        sha == null
            ? null
            : new Commit(
                sha,
                sha.length() > 7 ? sha.substring(0, 7) : sha,
                context.commitMessage(),
                context.actor()),
        context.tag(),
        context.branch(),
        pullRequest == null
            ? null
            : new UploadRequest.PullRequest(
                Math.toIntExact(pullRequest.number()),
                pullRequest.title(),
                pullRequest.url(),
                pullRequest.headRef(),
                pullRequest.baseRef()));
  }

  private static Ci ci(GitHubContext context) {
    return new Ci(
        context.runNumber(),
        context.workflow(),
        context.runId(),
        context.runUrl(),
        context.actor(),
        context.runnerName());
  }
}
