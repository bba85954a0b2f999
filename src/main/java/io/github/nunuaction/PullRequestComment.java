package io.github.nunuaction;

import io.github.nunuaction.actions.GitHubContext;
import io.github.nunuaction.actions.Workflow;
import io.github.nunuaction.config.Identity;
import io.github.nunuaction.config.Inputs.PrComment;
import io.github.nunuaction.config.Inputs.Reporting;
import io.github.nunuaction.github.GitHubApi;
import io.github.nunuaction.github.GitHubApi.Comment;
import io.github.nunuaction.http.ApiException;
import io.github.nunuaction.http.HttpCaller;
import io.github.nunuaction.report.Markdown;
import io.github.nunuaction.report.ReviewComment;
import io.github.nunuaction.results.Conclusion;
import io.github.nunuaction.results.Results;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The pull request comment: on pull request events, one per workflow, job and target, found again
 * by its hidden marker and updated in place on every push and re-run. With the workflow's own
 * token; a token that may not write (a fork's) gives one notice, and never fails the step.
 */
final class PullRequestComment {
  /** The comment never holds the step longer than this, retries and rate limits included. */
  static final Duration BUDGET = Duration.ofMinutes(1);

  private PullRequestComment() {}

  /** The comment's URL, or empty when none was written. */
  static Optional<String> publish(
      Results results,
      Reporting reporting,
      Optional<Identity> identity,
      GitHubContext context,
      HttpCaller caller,
      Workflow workflow) {
    if (reporting.prComment() == PrComment.NEVER
        || context.pullRequest() == null
        || identity.isEmpty()) {
      return Optional.empty();
    }
    if (reporting.githubToken() == null) {
      workflow.info("No github-token: the pull request comment is skipped.");
      return Optional.empty();
    }
    long number = context.pullRequest().number();
    String marker = identity.get().commentMarker();
    var github =
        GitHubApi.connect(
            caller.within(BUDGET),
            URI.create(context.apiUrl()),
            context.repository(),
            reporting.githubToken());
    try {
      Optional<Comment> earlier = github.findComment(number, marker);
      boolean green = results.conclusion() == Conclusion.SUCCESS;
      if (earlier.isEmpty() && green && reporting.prComment() == PrComment.FAILURE) {
        return Optional.empty();
      }
      String body =
          new ReviewComment(new Markdown(workflow.scrubber()))
              .render(results, marker, context.runUrl());
      Comment written =
          earlier.isPresent()
              ? github.update(earlier.get().id(), body)
              : github.create(number, body);
      workflow.info(
          (earlier.isPresent() ? "Updated" : "Wrote")
              + " the pull request comment: "
              + written.htmlUrl());
      return Optional.ofNullable(written.htmlUrl());
    } catch (ApiException e) {
      if (e.rateLimited()) {
        workflow.notice(
            "Pull request comment",
            "No comment was written: GitHub's rate limit. " + e.getMessage());
      } else if (e.status() == 403 || e.status() == 404) {
        workflow.notice(
            "Pull request comment",
            "No comment was written: "
                + e.getMessage()
                + " In the workflow: permissions: pull-requests: write.");
      } else {
        workflow.warning("Pull request comment", "No comment was written: " + e.getMessage());
      }
      return Optional.empty();
    }
  }
}
