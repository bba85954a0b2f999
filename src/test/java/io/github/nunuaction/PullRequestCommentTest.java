package io.github.nunuaction;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.nunuaction.core.Json;
import io.github.nunuaction.simulator.NunuSimulator;
import io.github.nunuaction.testing.ActionHarness;
import io.github.nunuaction.testing.ActionHarness.Result;
import io.github.nunuaction.testing.ActionYml;
import io.github.nunuaction.testing.Leaks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pull request comment against a stub of GitHub's REST API (answers as GitHub documents them),
 * with the simulator for nunu: written once, then updated in place, found on any page of the
 * comments, at a GitHub Enterprise Server's API URL, and never a failure.
 */
class PullRequestCommentTest {
  static final String COMMENTS = "/repos/studio/game/issues/17/comments";

  @RegisterExtension
  static WireMockExtension github =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @TempDir Path workspace;
  NunuSimulator nunu;
  ActionHarness action;

  @BeforeEach
  void start() throws Exception {
    nunu = NunuSimulator.start();
    action =
        new ActionHarness(workspace, nunu.apiUrl(), nunu.artifactsUrl(), NunuSimulator.API_KEY)
            .env("GITHUB_API_URL", github.baseUrl())
            .onPullRequest(17, "main", "1234567890abcdef1234567890abcdef12345678")
            .input("test-id", NunuSimulator.TEST_FAIL)
            .input("deployment-config-id", NunuSimulator.DEPLOYMENT_CONFIG);
  }

  @AfterEach
  void stop() {
    nunu.close();
  }

  @Test
  void theFirstRunWritesTheCommentWithTheWorkflowsToken() throws Exception {
    github.stubFor(get(urlPathEqualTo(COMMENTS)).willReturn(okJson("[]")));
    github.stubFor(post(COMMENTS).willReturn(okJson(comment(901, "written")).withStatus(201)));

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
    LoggedRequest written = only(postRequestedFor(urlPathEqualTo(COMMENTS)));
    assertThat(written.getHeader("Authorization")).isEqualTo("Bearer " + ActionYml.RUNNER_TOKEN);
    assertThat(written.getHeader("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
    assertThat(written.getHeader("Accept")).isEqualTo("application/vnd.github+json");
    String body = Json.MAPPER.readTree(written.getBodyAsString()).get("body").asText();
    assertThat(body)
        .startsWith("<!-- nunu-action comment ")
        .contains("### ❌ nunu.ai: 0 passed, 1 failed, 1 bug")
        .contains("- ❌ **Settings menu opens** · FAILED")
        .contains("Tapped the Settings button three times")
        .contains("Bugs: Settings button does nothing")
        .contains(
            "[Steps, reports and artifacts in the run](https://github.com/studio/game/actions/runs/9000001)")
        .hasSizeLessThanOrEqualTo(65_536);
    assertThat(result.outputs())
        .containsEntry("comment-url", "https://github.com/studio/game/pull/17#issuecomment-901");
    Leaks.assertNone(result, NunuSimulator.API_KEY, List.of(ActionYml.RUNNER_TOKEN));
  }

  @Test
  void theNextRunUpdatesTheSameCommentInPlace() {
    String marker = firstRunsMarker();
    github.resetAll();
    github.stubFor(
        get(urlPathEqualTo(COMMENTS))
            .willReturn(
                okJson(
                    "["
                        + comment(7, "Looks good to me")
                        + ", "
                        + comment(42, marker + "\nold")
                        + "]")));
    github.stubFor(
        patch(urlPathEqualTo("/repos/studio/game/issues/comments/42"))
            .willReturn(okJson(comment(42, "new"))));

    Result result = action.run();

    github.verify(0, postRequestedFor(urlPathEqualTo(COMMENTS)));
    github.verify(1, patchRequestedFor(urlPathEqualTo("/repos/studio/game/issues/comments/42")));
    assertThat(result.outputs())
        .containsEntry("comment-url", "https://github.com/studio/game/pull/17#issuecomment-42");
    assertThat(result.stdout()).contains("Updated the pull request comment");
  }

  @Test
  void theCommentIsFoundOnTheSecondPageOfComments() {
    String marker = firstRunsMarker();
    github.resetAll();
    String others =
        IntStream.rangeClosed(1, 100)
            .mapToObj(i -> comment(1000 + i, "comment " + i))
            .reduce((a, b) -> a + "," + b)
            .orElseThrow();
    github.stubFor(
        get(urlPathEqualTo(COMMENTS))
            .withQueryParam("page", equalTo("2"))
            .willReturn(okJson("[" + comment(77, "Old results " + marker) + "]")));
    github.stubFor(
        get(urlPathEqualTo(COMMENTS))
            .withQueryParam("per_page", equalTo("100"))
            .atPriority(10)
            .willReturn(
                okJson("[" + others + "]")
                    .withHeader(
                        "Link",
                        "<"
                            + github.baseUrl()
                            + COMMENTS
                            + "?per_page=100&page=2>; rel=\"next\", <"
                            + github.baseUrl()
                            + COMMENTS
                            + "?per_page=100&page=2>; rel=\"last\"")));
    github.stubFor(
        patch(urlPathEqualTo("/repos/studio/game/issues/comments/77"))
            .willReturn(okJson(comment(77, "new"))));

    Result result = action.run();

    github.verify(2, getRequestedFor(urlPathEqualTo(COMMENTS)));
    github.verify(1, patchRequestedFor(urlPathEqualTo("/repos/studio/game/issues/comments/77")));
    github.verify(0, postRequestedFor(urlPathEqualTo(COMMENTS)));
    assertThat(result.outputs())
        .containsEntry("comment-url", "https://github.com/studio/game/pull/17#issuecomment-77");
  }

  @Test
  void aReadOnlyTokenGivesOneNoticeAndNeverFailsTheStep() throws Exception {
    github.stubFor(get(urlPathEqualTo(COMMENTS)).willReturn(okJson("[]")));
    github.stubFor(
        post(COMMENTS)
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("Content-Type", "application/json")
                    .withBody(resource("github-examples/forbidden-integration.json"))));
    action.input("test-id", NunuSimulator.TEST_PASS);

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
    github.stubFor(
        get(urlPathEqualTo(COMMENTS))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("x-ratelimit-remaining", "0")
                    .withHeader("x-ratelimit-reset", "1999999999")
                    .withBody(
                        "{\"message\": \"API rate limit exceeded for installation ID 1.\"}")));

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
    github.stubFor(
        get(urlPathEqualTo(COMMENTS))
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "20")));

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
    assertThat(github.findAll(getRequestedFor(urlPathEqualTo(COMMENTS)))).hasSize(3);
    assertThat(result.stdout())
        .contains(
            "::notice title=Pull request comment::No comment was written: GitHub's rate limit");
  }

  @Test
  void noPullRequestNoCall() {
    action
        .env("GITHUB_EVENT_NAME", "push")
        .env("GITHUB_EVENT_PATH", null)
        .env("GITHUB_REF", "refs/heads/main");

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
    assertThat(github.getAllServeEvents()).as("no request to GitHub").isEmpty();
    assertThat(result.outputs()).containsEntry("comment-url", "");
  }

  @Test
  void aGitHubEnterpriseServersApiUrlIsUsed() {
    action.env("GITHUB_API_URL", github.baseUrl() + "/api/v3");
    github.stubFor(get(urlPathEqualTo("/api/v3" + COMMENTS)).willReturn(okJson("[]")));
    github.stubFor(
        post("/api/v3" + COMMENTS).willReturn(okJson(comment(5, "written")).withStatus(201)));

    Result result = action.run();

    github.verify(1, postRequestedFor(urlPathEqualTo("/api/v3" + COMMENTS)));
    assertThat(result.outputs())
        .containsEntry("comment-url", "https://github.com/studio/game/pull/17#issuecomment-5");
  }

  @Test
  void withPrCommentFailureAGreenRunWritesNoNewComment() {
    github.stubFor(get(urlPathEqualTo(COMMENTS)).willReturn(okJson("[]")));
    action.input("test-id", NunuSimulator.TEST_PASS).input("pr-comment", "failure");

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    github.verify(0, postRequestedFor(urlPathEqualTo(COMMENTS)));
  }

  @Test
  void withPrCommentNeverNothingIsAsked() {
    action.input("pr-comment", "never");

    action.run();

    assertThat(github.getAllServeEvents()).isEmpty();
  }

  // --- helpers ---

  /** The marker the comment of this workflow, job and target carries. */
  String firstRunsMarker() {
    github.stubFor(get(urlPathEqualTo(COMMENTS)).willReturn(okJson("[]")));
    github.stubFor(post(COMMENTS).willReturn(okJson(comment(1, "first")).withStatus(201)));
    action.run();
    String body =
        github.findAll(postRequestedFor(urlPathEqualTo(COMMENTS))).get(0).getBodyAsString();
    try {
      return Json.MAPPER.readTree(body).get("body").asText().lines().findFirst().orElseThrow();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  LoggedRequest only(com.github.tomakehurst.wiremock.matching.RequestPatternBuilder pattern) {
    List<LoggedRequest> found = github.findAll(pattern);
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  /** GitHub's documented comment (as JSON text), with this id and body. */
  static String comment(long id, String body) {
    try {
      ObjectNode json =
          (ObjectNode) Json.MAPPER.readTree(resource("github-examples/issue-comment.json"));
      json.put("id", id)
          .put("body", body)
          .put("html_url", "https://github.com/studio/game/pull/17#issuecomment-" + id);
      return json.toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String resource(String name) throws Exception {
    return Files.readString(Path.of("src/test/resources").resolve(name));
  }
}
