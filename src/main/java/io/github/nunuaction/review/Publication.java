package io.github.nunuaction.review;

import io.github.nunuaction.actions.GitHubContext;
import io.github.nunuaction.actions.Runner;
import io.github.nunuaction.actions.Workflow;
import io.github.nunuaction.config.Identity;
import io.github.nunuaction.config.Inputs;
import io.github.nunuaction.config.Inputs.TestTarget;
import io.github.nunuaction.http.HttpCaller;
import io.github.nunuaction.nunu.NunuApi;
import io.github.nunuaction.report.ReportWriter;
import io.github.nunuaction.results.Conclusion;
import io.github.nunuaction.results.Knowledge;
import io.github.nunuaction.results.Outcome;
import io.github.nunuaction.results.Results;
import io.github.nunuaction.runs.ArtifactDownloads;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

/**
 * After the runs, what reviewers read: whether failures are new, what the agents knew, the bug
 * gate, the artifacts, the pull request comment, then the files, outputs and summary. All of it
 * fails soft: the runs' verdict is known already.
 */
public final class Publication {
  private final Inputs inputs;
  private final Runner runner;
  private final NunuApi api;
  private final HttpCaller caller;
  private final Optional<Identity> identity;
  private final Workflow workflow;

  public Publication(
      Inputs inputs, Runner runner, NunuApi api, HttpCaller caller, Optional<Identity> identity) {
    this.inputs = inputs;
    this.runner = runner;
    this.api = api;
    this.caller = caller;
    this.identity = identity;
    this.workflow = runner.workflow();
  }

  public Results publish(Results finished) {
    boolean cancelled = runner.cancellation().isCancelled();
    Results results = cancelled || finished.jobs().isEmpty() ? finished : review(finished);
    results = BugGate.apply(results, inputs.waiting().failOnBugs(), workflow);
    Map<String, String> downloads = cancelled ? Map.of() : downloadArtifacts(results);
    if (!cancelled) {
      var comment =
          PullRequestComment.publish(results, inputs, runner, identity.orElse(null), caller);
      results = results.withReview(results.review().withComment(comment.url(), comment.note()));
    }
    Inputs.Reporting reporting = inputs.reporting();
    new ReportWriter(
            reporting.resultsDir(), runner.context().workspace(), reporting.jobSummary(), workflow)
        .write(results, downloads);
    return results;
  }

  /** Which failures are excused (flaky, quarantined) or new, and what the agents knew. */
  private Results review(Results finished) {
    Results results =
        FailureExcuses.apply(
            finished,
            inputs.waiting().failOnFlaky(),
            inputs.waiting().quarantine(),
            LocalDate.ofInstant(runner.clock().now(), ZoneOffset.UTC),
            workflow);
    var review = results.review();
    String branch = baselineBranch();
    if (identity.isPresent() && branch != null && results.conclusion() != Conclusion.SUCCESS) {
      var baselines = new Baselines(api, workflow);
      review = review.withBaselines(baselines.of(results.jobs(), identity.get(), branch));
    }
    if (inputs.reporting().reportKnowledge() && inputs.api().projectId() != null) {
      Knowledge knowledge =
          new KnowledgeCheck(api, runner.context().workspace(), workflow)
              .check(agentId(), testCaseId(), inputs.reporting().knowledgeDir());
      if (knowledge.problem() != null) {
        workflow.notice("The knowledge files were not listed: " + knowledge.problem(), "Knowledge");
      } else if (knowledge.drift() != null && !knowledge.drift().none()) {
        var drift = knowledge.drift();
        workflow.warning(
            "The agents may be testing against stale documents. Missing in nunu: "
                + drift.missing()
                + "; only in nunu: "
                + drift.extra()
                + "; changed: "
                + drift.different(),
            "Knowledge differs from knowledge-dir");
      }
      review = review.withKnowledge(knowledge);
    }
    return results.withReview(review);
  }

  private Map<String, String> downloadArtifacts(Results results) {
    var selection = inputs.reporting().downloadArtifacts();
    if (selection.none() || results.jobs().isEmpty()) {
      return Map.of();
    }
    var downloads = new ArtifactDownloads(api, workflow);
    boolean onlyFailed = inputs.reporting().downloadOnlyFailed();
    return workflow.group(
        "Download artifacts (" + selection.spec() + (onlyFailed ? ", failed runs" : "") + ")",
        () ->
            downloads.download(
                results,
                selection,
                onlyFailed ? run -> run.outcome() != Outcome.PASSED : run -> true,
                inputs.reporting().resultsDir()));
  }

  /**
   * baseline-branch, else what the event names: a pull request's base, a merge group's target
   * branch, the repository's default branch (see {@link GitHubContext#baselineBranch()}).
   */
  private String baselineBranch() {
    if (inputs.waiting().baselineBranch() != null) {
      return inputs.waiting().baselineBranch();
    }
    return runner.context().baselineBranch();
  }

  private String agentId() {
    return inputs.run() == null ? null : inputs.run().agentConfigId();
  }

  private String testCaseId() {
    return inputs.run() != null && inputs.run().target() instanceof TestTarget test
        ? test.testId()
        : null;
  }
}
