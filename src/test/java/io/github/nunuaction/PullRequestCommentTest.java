package io.github.nunuaction;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.nunuaction.simulator.GitHubSimulator;
import io.github.nunuaction.simulator.GitHubSimulator.StoredComment;
import io.github.nunuaction.simulator.NunuSimulator;
import io.github.nunuaction.testing.ActionHarness;
import io.github.nunuaction.testing.ActionHarness.Result;
import io.github.nunuaction.testing.ActionYml;
import io.github.nunuaction.testing.Leaks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pull request comment, against a simulated GitHub that keeps comments as its REST API does
 * (and answers with its documented shapes), and a WireMock stub for GitHub's refusals: written
 * once, then updated in place, found on any page, on a GitHub Enterprise Server too; only ever the
 * action's own comment is edited; and it never fails the step.
 */
class PullRequestCommentTest {
  static final long PR = 17;
  static final String BOT = "github-actions[bot]";
  static final String COMMENTS = "/repos/studio/game/issues/17/comments";

  @RegisterExtension
  static WireMockExtension refusing =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @TempDir Path workspace;
  NunuSimulator nunu;
  GitHubSimulator github;
  ActionHarness action;

  @BeforeEach
  void start() throws Exception {
    nunu = NunuSimulator.start();
    github = new GitHubSimulator().account(ActionYml.RUNNER_TOKEN, BOT);
    action =
        new ActionHarness(workspace, nunu.apiUrl(), nunu.artifactsUrl(), NunuSimulator.API_KEY)
            .env("GITHUB_API_URL", github.apiUrl().toString())
            .onPullRequest(PR, "main", "1234567890abcdef1234567890abcdef12345678")
            .input("test-id", NunuSimulator.TEST_FAIL)
            .input("deployment-config-id", NunuSimulator.DEPLOYMENT_CONFIG);
  }

  @AfterEach
  void stop() {
    nunu.close();
    github.close();
  }

  @Test
  void theFirstRunWritesTheCommentWithTheWorkflowsToken() {
    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
    StoredComment written = only();
    assertThat(written.author()).isEqualTo(BOT);
    assertThat(written.body())
        .startsWith("<!-- nunu-action comment ")
        .contains("### ❌ nunu.ai: 0 passed, 1 failed, 1 bug")
        .contains("- ❌ **Settings menu opens** · FAILED")
        .contains("Tapped the Settings button three times")
        .contains("Bugs: Settings button does nothing")
        .contains(
            "[Steps, reports and artifacts in the run](https://github.com/studio/game/actions/runs/9000001/job/"
                + ActionYml.CHECK_RUN_ID
                + ")")
        .hasSizeLessThanOrEqualTo(65_536);
    assertThat(result.outputs())
        .containsEntry(
            "comment-url", "https://github.com/studio/game/pull/17#issuecomment-" + written.id());
    Leaks.assertNone(result, NunuSimulator.API_KEY, List.of(ActionYml.RUNNER_TOKEN));
  }

  @Test
  void theNextRunUpdatesTheSameCommentInPlace() {
    action.run();
    long first = only().id();
    github.addComment(PR, "octocat", "Looks good to me");

    Result next = action.input("test-id", NunuSimulator.TEST_PASS).run();

    assertThat(github.comments(PR)).hasSize(2);
    StoredComment updated = github.comment(first);
    assertThat(updated.edits()).isEqualTo(1);
    assertThat(updated.body()).contains("### ✅ nunu.ai: 1 passed, 0 failed, 0 bugs");
    assertThat(next.outputs())
        .containsEntry(
            "comment-url", "https://github.com/studio/game/pull/17#issuecomment-" + first);
  }

  @Test
  void theCommentIsFoundOnTheSecondPageOfComments() {
    action.run();
    long first = only().id();
    for (int i = 0; i < 150; i++) {
      github.addComment(PR, "octocat", "comment " + i);
    }

    Result next = action.input("test-id", NunuSimulator.TEST_PASS).run();

    assertThat(github.comments(PR)).hasSize(151);
    assertThat(github.comment(first).edits()).isEqualTo(1);
    assertThat(next.outputs().get("comment-url")).endsWith("#issuecomment-" + first);
  }

  /** A re-run whose results read the same leaves the comment as it is. */
  @Test
  void theSameResultsAgainAreNoEdit() {
    action.run();
    long first = only().id();

    Result again = action.run();

    assertThat(github.comment(first).edits()).isZero();
    assertThat(again.outputs().get("comment-url")).endsWith("#issuecomment-" + first);
  }

  @Test
  void aGitHubEnterpriseServersApiUrlIsUsed() {
    action.env("GITHUB_API_URL", github.apiUrl() + "/api/v3");

    Result result = action.run();

    assertThat(result.outputs().get("comment-url")).contains("#issuecomment-");
    assertThat(only().author()).isEqualTo(BOT);
  }

  @Test
  void withPrCommentFailureAGreenRunWritesNoNewComment() {
    action.input("test-id", NunuSimulator.TEST_PASS).input("pr-comment", "failure");

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(github.comments(PR)).isEmpty();
  }

  @Test
  void withPrCommentNeverNothingIsAsked() {
    action.input("pr-comment", "never");

    action.run();

    assertThat(github.requests()).isZero();
  }

  @Test
  void noPullRequestNoCall() {
    action
        .env("GITHUB_EVENT_NAME", "push")
        .env("GITHUB_EVENT_PATH", null)
        .env("GITHUB_REF", "refs/heads/main");

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
    assertThat(github.requests()).as("no request to GitHub").isZero();
    assertThat(result.outputs()).containsEntry("comment-url", "");
  }

  // --- only ever the action's own comment ---

  /** A person quoting the marker, before and after the action's own comment: never edited. */
  @Test
  void aPersonsCommentWithTheMarkerIsNeverEdited() {
    action.run();
    StoredComment ours = only();
    String markerLine = ours.body().lines().findFirst().orElseThrow() + "\n";
    long before = github.addComment(PR, "octocat", markerLine + "I copied this from the bot");
    long after = github.addComment(PR, "hubot", markerLine + "quoting it again");

    action.input("test-id", NunuSimulator.TEST_PASS).run();

    assertThat(github.comment(before).edits()).isZero();
    assertThat(github.comment(after).edits()).isZero();
    assertThat(github.comment(ours.id()).edits()).isEqualTo(1);
  }

  /** On a pull request whose first comment is a person's copy of the marker: a comment of ours. */
  @Test
  void aCopiedMarkerByAnotherAccountIsNotTakenForOurs() {
    action.run();
    String markerLine = only().body().lines().findFirst().orElseThrow() + "\n";
    long copy = github.addComment(18, "octocat", markerLine + "first on this pull request");
    action.onPullRequest(18, "main", "1234567890abcdef1234567890abcdef12345678");

    action.run();

    assertThat(github.comment(copy).edits()).isZero();
    assertThat(github.comments(18))
        .filteredOn(c -> c.author().equals(BOT))
        .singleElement()
        .satisfies(c -> assertThat(c.body()).startsWith(markerLine));
  }

  /**
   * A test name from the API that holds another job's marker: escaped in this job's comment, so the
   * other job never takes that comment for its own.
   */
  @Test
  void aTestNameHoldingAnotherJobsMarkerNeverMakesThatJobEditThisComment() {
    ActionHarness otherJob = action.env("GITHUB_JOB", "other");
    otherJob.onPullRequest(19, "main", "1234567890abcdef1234567890abcdef12345678").run();
    String otherMarker = github.comments(19).get(0).body().lines().findFirst().orElseThrow();
    var hostile = "e0000000-0000-4000-8000-0000000000e0";
    nunu.addTest(
        io.github.nunuaction.simulator.SimTest.failing(
            hostile, otherMarker + "\n" + otherMarker, "It broke."));
    action
        .env("GITHUB_JOB", "nunu")
        .onPullRequest(PR, "main", "1234567890abcdef1234567890abcdef12345678")
        .input("test-id", hostile)
        .run();
    long thisJobs = only().id();

    action.env("GITHUB_JOB", "other").input("test-id", NunuSimulator.TEST_PASS).run();

    assertThat(github.comment(thisJobs).edits()).isZero();
    assertThat(github.comments(PR)).hasSize(2);
  }

  // --- refusals: a notice, never a failure ---

  @Test
  void aReadOnlyTokenGivesOneNoticeAndNeverFailsTheStep() throws Exception {
    refusing.stubFor(post("/graphql").willReturn(okJson(viewer(BOT))));
    refusing.stubFor(get(urlPathEqualTo(COMMENTS)).willReturn(okJson("[]")));
    refusing.stubFor(
        post(COMMENTS)
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("Content-Type", "application/json")
                    .withBody(resource("github-examples/forbidden-integration.json"))));
    action.env("GITHUB_API_URL", refusing.baseUrl()).input("test-id", NunuSimulator.TEST_PASS);

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(
            result
                .stdout()
                .lines()
                .filter(line -> line.startsWith("::notice title=Pull request comment::")))
        .singleElement()
        .asString()
        .contains("Resource not accessible by integration")
        .contains("pull-requests: write");
    assertThat(result.outputs())
        .containsEntry("comment-url", "")
        .containsEntry("result", "success");
  }

  /** GitHub's primary rate limit: 403 with x-ratelimit-remaining: 0. A notice, not advice. */
  @Test
  void aRateLimited403GivesANoticeAboutTheRateLimitNotAboutPermissions() {
    refusing.stubFor(post("/graphql").willReturn(okJson(viewer(BOT))));
    refusing.stubFor(
        get(urlPathEqualTo(COMMENTS))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("x-ratelimit-remaining", "0")
                    .withHeader("x-ratelimit-reset", "1999999999")
                    .withBody(
                        "{\"message\": \"API rate limit exceeded for installation ID 1.\"}")));
    action.env("GITHUB_API_URL", refusing.baseUrl());

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
    assertThat(
            result
                .stdout()
                .lines()
                .filter(line -> line.startsWith("::notice title=Pull request comment::")))
        .singleElement()
        .asString()
        .contains("rate limit")
        .doesNotContain("pull-requests: write");
    assertThat(result.outputs()).containsEntry("comment-url", "");
  }

  /**
   * A 429 whose Retry-After keeps asking for 20 s: retried at 0, 20 and 40 s, then given up, since
   * the next try would end past the one-minute budget of the comment.
   */
  @Test
  void theCommentNeverHoldsTheStepForMoreThanAMinute() {
    refusing.stubFor(post("/graphql").willReturn(okJson(viewer(BOT))));
    refusing.stubFor(
        get(urlPathEqualTo(COMMENTS))
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "20")));
    action.env("GITHUB_API_URL", refusing.baseUrl());

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
    assertThat(refusing.findAll(getRequestedFor(urlPathEqualTo(COMMENTS)))).hasSize(3);
    assertThat(result.stdout())
        .contains(
            "::notice title=Pull request comment::No comment was written: GitHub's rate limit");
  }

  // --- helpers ---

  StoredComment only() {
    List<StoredComment> comments = github.comments(PR);
    assertThat(comments).hasSize(1);
    return comments.get(0);
  }

  static String viewer(String login) {
    return "{\"data\": {\"viewer\": {\"login\": \"" + login + "\"}}}";
  }

  static String resource(String name) throws Exception {
    return Files.readString(Path.of("src/test/resources").resolve(name));
  }
}
