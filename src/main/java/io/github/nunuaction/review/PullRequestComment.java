package io.github.nunuaction.review;

import io.github.nunuaction.actions.GitHubContext;
import io.github.nunuaction.actions.Runner;
import io.github.nunuaction.actions.Workflow;
import io.github.nunuaction.config.Identity;
import io.github.nunuaction.config.Inputs;
import io.github.nunuaction.config.Inputs.PrComment;
import io.github.nunuaction.github.GitHubApi;
import io.github.nunuaction.github.GitHubApi.Comment;
import io.github.nunuaction.http.ApiException;
import io.github.nunuaction.http.HttpCaller;
import io.github.nunuaction.report.CommentBody;
import io.github.nunuaction.report.CommentBody.Section;
import io.github.nunuaction.report.Markdown;
import io.github.nunuaction.report.ReviewComment;
import io.github.nunuaction.results.Conclusion;
import io.github.nunuaction.results.Results;
import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The pull request comment: on pull request events, one comment per workflow job, with a section
 * per leg, found again by its marker and updated in place on every push and re-run. Only a comment
 * that the token's own account wrote and that starts with the marker is the action's; no other is
 * ever edited. Legs that finish together do not lose each other's sections: each reads, merges its
 * section, writes, waits, and reads back until its section holds (bounded). A token that may not
 * write (a fork's) or GitHub's rate limit gives one notice, and never fails the step; the whole
 * comment never holds the step longer than {@link #BUDGET}.
 */
public final class PullRequestComment {
  /** The comment never holds the step longer than this, retries and rate limits included. */
  static final Duration BUDGET = Duration.ofMinutes(1);

  /** The workflow's own token writes as this account. */
  static final String WORKFLOW_TOKEN_LOGIN = "github-actions[bot]";

  private static final int MAX_ROUNDS = 8;
  // Longer than any other leg's read-to-write (one round trip) by far; jittered against lockstep.
  private static final Duration MIN_SETTLE = Duration.ofSeconds(2);
  private static final Duration MAX_SETTLE = Duration.ofSeconds(5);

  /**
   * What came of it: the comment's URL, or why there is none (for the summary); both may be null.
   */
  record Published(String url, String note) {
    static final Published NOTHING = new Published(null, null);
  }

  private final Results results;
  private final Inputs inputs;
  private final Runner runner;
  private final Workflow workflow;
  private final Identity identity;

  private PullRequestComment(Results results, Inputs inputs, Runner runner, Identity identity) {
    this.results = results;
    this.inputs = inputs;
    this.runner = runner;
    this.workflow = runner.workflow();
    this.identity = identity;
  }

  static Published publish(
      Results results, Inputs inputs, Runner runner, Identity identity, HttpCaller caller) {
    GitHubContext context = runner.context();
    if (inputs.reporting().prComment() == PrComment.NEVER || identity == null) {
      return Published.NOTHING;
    }
    if (context.mergeGroup() != null) {
      String note =
          "No pull request comment: this is a merge queue run"
              + (context.mergeGroup().pullRequest() == null
                  ? ""
                  : " (the group of pull request #" + context.mergeGroup().pullRequest() + ")")
              + ", which belongs to no pull request; the pull request's own runs comment.";
      runner.workflow().info(note);
      return new Published(null, note);
    }
    if (context.pullRequest() == null) {
      return Published.NOTHING;
    }
    if (inputs.reporting().githubToken() == null) {
      runner.workflow().info("No github-token: the pull request comment is skipped.");
      return Published.NOTHING;
    }
    return new PullRequestComment(results, inputs, runner, identity).write(caller);
  }

  private Published write(HttpCaller caller) {
    GitHubContext context = runner.context();
    String token = inputs.reporting().githubToken();
    var github =
        GitHubApi.connect(
            caller.within(BUDGET),
            URI.create(context.apiUrl()),
            URI.create(context.graphqlUrl()),
            context.repository(),
            token);
    long number = context.pullRequest().number();
    long deadline = runner.clock().nanoTime() + BUDGET.toNanos();
    try {
      String self = self(github, token);
      if (self == null) {
        return Published.NOTHING;
      }
      String marker = identity.commentMarker();
      String link = context.jobUrl(inputs.leg() == null ? null : inputs.leg().checkRunId());
      var markdown = new Markdown(workflow.scrubber());
      boolean green = results.conclusion() == Conclusion.SUCCESS;
      Long created = null;
      for (int round = 0; round < MAX_ROUNDS; round++) {
        List<Comment> ours =
            github.comments(number).stream()
                .filter(c -> self.equals(c.author()) && CommentBody.isOurs(c.body(), marker))
                .sorted(Comparator.comparingLong(Comment::id))
                .toList();
        if (ours.isEmpty()) {
          if (green && inputs.reporting().prComment() == PrComment.FAILURE) {
            return Published.NOTHING;
          }
          Section mine = section(markdown, link, 1);
          created =
              github.create(number, new CommentBody(marker, List.of(mine)).render(mine.key())).id();
        } else {
          Comment oldest = ours.get(0);
          CommentBody body = CommentBody.parse(oldest.body(), marker);
          int legs = body.sections().size() + (body.find(identity.sectionKey()).isEmpty() ? 1 : 0);
          Section mine = section(markdown, link, legs);
          boolean held = body.has(mine);
          if (!held) {
            // Written right after the read, so that another leg's write cannot fall between.
            github.update(oldest.id(), body.with(mine).render(mine.key()));
          }
          if (created != null && created != oldest.id()) {
            // Another leg wrote the job's comment first: this leg's section moved into it.
            deleteQuietly(github, created);
            created = null;
          }
          if (held && round > 0) {
            // It held through a wait longer than any other leg's read-to-write: it stays.
            workflow.info("Pull request comment: " + oldest.htmlUrl());
            return new Published(oldest.htmlUrl(), null);
          }
        }
        // A leg that read before this write writes within moments: wait it out, then read back.
        Duration settle = jittered();
        if (runner.clock().nanoTime() + settle.toNanos() >= deadline) {
          break;
        }
        runner.clock().sleep(settle, runner.cancellation());
      }
      workflow.warning(
          "This leg's section could not be kept in the comment: other legs kept writing over it."
              + " The step summary has its results.",
          "Pull request comment");
      return Published.NOTHING;
    } catch (ApiException e) {
      if (e.rateLimited()) {
        workflow.notice(
            "No comment was written: GitHub's rate limit. " + e.getMessage(),
            "Pull request comment");
      } else if (e.status() == 403 || e.status() == 404) {
        workflow.notice(
            "No comment was written: "
                + e.getMessage()
                + " In the workflow: permissions: pull-requests: write.",
            "Pull request comment");
      } else {
        workflow.warning("No comment was written: " + e.getMessage(), "Pull request comment");
      }
      return Published.NOTHING;
    }
  }

  /**
   * The login the token writes as; null (after a notice) when it cannot be told, since only the
   * token's own comments may be edited. An installation token that GraphQL does not answer for is
   * taken to be the workflow's own.
   */
  private String self(GitHubApi github, String token) {
    try {
      return github.viewerLogin();
    } catch (ApiException e) {
      if (token.startsWith("ghs_") && !e.rateLimited()) {
        return WORKFLOW_TOKEN_LOGIN;
      }
      if (e.rateLimited()) {
        throw e;
      }
      workflow.notice(
          "No comment was written: GitHub did not say which account github-token writes as ("
              + e.getMessage()
              + "), and the action edits only its own comments.",
          "Pull request comment");
      return null;
    }
  }

  /** This leg's section, within its share of the comment when there are {@code legs}. */
  private Section section(Markdown markdown, String link, int legs) {
    String text =
        new ReviewComment(markdown)
            .section(results, identity.legLabel(), link, ReviewComment.budgetFor(legs));
    return new Section(identity.sectionKey(), identity.legLabel(), text);
  }

  private void deleteQuietly(GitHubApi github, long commentId) {
    try {
      github.delete(commentId);
    } catch (ApiException e) {
      workflow.info(
          "A second comment of this job could not be deleted ("
              + e.getMessage()
              + "); it is left.");
    }
  }

  private static Duration jittered() {
    long span = MAX_SETTLE.toMillis() - MIN_SETTLE.toMillis();
    return MIN_SETTLE.plusMillis(ThreadLocalRandom.current().nextLong(span + 1));
  }
}
