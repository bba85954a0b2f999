package io.github.nunuaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nunuaction.simulator.GitHubSimulator;
import io.github.nunuaction.simulator.NunuSimulator;
import io.github.nunuaction.simulator.NunuSimulator.Recorded;
import io.github.nunuaction.testing.ActionHarness;
import io.github.nunuaction.testing.ActionHarness.Result;
import io.github.nunuaction.testing.ActionYml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every event a workflow may run the action on, with the payload GitHub documents for it
 * (src/test/resources/github-events): which ref, commit and pull request the runs are tagged with,
 * which branch failures are compared with, and whether a pull request comment is written.
 */
class EventsTest {
  static final String PR_HEAD = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";

  @TempDir Path root;
  NunuSimulator nunu;
  GitHubSimulator github;
  int runs;

  @BeforeEach
  void start() throws Exception {
    nunu = NunuSimulator.start();
    github = new GitHubSimulator().account(ActionYml.RUNNER_TOKEN, "github-actions[bot]");
  }

  @AfterEach
  void stop() {
    nunu.close();
    github.close();
  }

  /** A failing test on {@code event}, with its documented payload and the runner's GITHUB_REF. */
  ActionHarness on(String event, String ref, String sha) {
    Path workspace = root.resolve("run-" + (++runs));
    try {
      Files.createDirectories(workspace);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ActionHarness(workspace, nunu.apiUrl(), nunu.artifactsUrl(), NunuSimulator.API_KEY)
        .env("GITHUB_RUN_ID", String.valueOf(3000 + runs))
        .env("GITHUB_API_URL", github.apiUrl().toString())
        .env("GITHUB_EVENT_NAME", event)
        .env(
            "GITHUB_EVENT_PATH",
            Path.of("src/test/resources/github-events/" + event + ".json")
                .toAbsolutePath()
                .toString())
        .env("GITHUB_REF", ref)
        .env("GITHUB_SHA", sha)
        .input("deployment-config-id", NunuSimulator.DEPLOYMENT_CONFIG)
        .input("test-id", NunuSimulator.TEST_FAIL);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # event            | GITHUB_REF                  | runs tagged with ref          | commit                                   | pull request | baseline
          workflow_dispatch  | refs/heads/release/1.2      | refs/heads/release/1.2        | 1111111111111111111111111111111111111111 |              | main
          schedule           | refs/heads/main             | refs/heads/main               | 1111111111111111111111111111111111111111 |              | main
          release            | refs/tags/v1.2.0            | refs/tags/v1.2.0              | 1111111111111111111111111111111111111111 |              | main
          push_tag           | refs/tags/v1.2.0            | refs/tags/v1.2.0              | 6113728f27ae82c7b1a177c8d03f9e96e0adf246 |              | main
          workflow_run       | refs/heads/main             | refs/heads/feature/shop       | 3484a3fb816e0859fd6e1cea078d76385ff50625 |              | main
          pull_request_target| refs/heads/main             | refs/pull/17/merge            | ec26c3e57ca3a959ca5aad62de7213c562f8c821 | 17           | main
          repository_dispatch| refs/heads/main             | refs/heads/main               | 1111111111111111111111111111111111111111 |              | main
          """)
  void eachEventTagsItsRunsAndPicksItsBaseline(
      String payload, String ref, String taggedRef, String sha, Long pullRequest, String baseline) {
    String event = payload.equals("push_tag") ? "push" : payload;
    ActionHarness action =
        on(payload, ref, "1111111111111111111111111111111111111111")
            .env("GITHUB_EVENT_NAME", event);

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
    List<String> tags = startTags();
    assertThat(tags).contains("gh-ref:" + taggedRef, "gh-sha:" + sha);
    if (pullRequest == null) {
      assertThat(tags).noneMatch(tag -> tag.startsWith("gh-pr:"));
      assertThat(github.comments(17)).isEmpty();
    } else {
      assertThat(tags).contains("gh-pr:" + pullRequest);
      assertThat(github.comments(pullRequest)).singleElement();
    }
    assertThat(baselineLookup())
        .startsWith("gh-repo:studio/game,gh-ref:refs/heads/" + baseline + ",");
    if (event.equals("repository_dispatch")) {
      assertThat(result.stdout())
          .contains(
              "Event 'repository_dispatch': no pull request or merge queue is read from it; runs"
                  + " are told apart by the ref refs/heads/main, and failures are compared with"
                  + " main.");
    } else {
      assertThat(result.stdout()).doesNotContain("no pull request or merge queue is read");
    }
  }

  /**
   * A merge queue group: tagged with its queue branch and head commit, no pull request tag (a push
   * to the pull request does not supersede the queue), compared with the branch it merges into, and
   * no comment: the summary says why.
   */
  @Test
  void aMergeGroupIsItsOwnIdentityWithTheBaseBranchAsBaselineAndNoComment() {
    String queue =
        "refs/heads/gh-readonly-queue/main/pr-104-929f8209d40f77f4abc622a499c93a83babdbe64";

    Result result =
        on("merge_group", queue, "2ffea6db159f6b6c47a24e778fb9ef40cf6b1c7d")
            .input("supersede", "pr")
            .run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
    assertThat(startTags())
        .contains("gh-sha:2ffea6db159f6b6c47a24e778fb9ef40cf6b1c7d")
        .anyMatch(tag -> tag.matches("gh-ref:~[0-9a-f]{16}"))
        .noneMatch(tag -> tag.startsWith("gh-pr:"));
    assertThat(baselineLookup()).startsWith("gh-repo:studio/game,gh-ref:refs/heads/main,");
    assertThat(github.requests()).as("no comment").isZero();
    assertThat(result.summary())
        .contains(
            "No pull request comment&#58; this is a merge queue run (the group of pull request &#35;104)");
    assertThat(result.stdout()).contains("supersede: pr applies to pull request events only");
  }

  /**
   * pull_request_target names the base branch in GITHUB_REF; its runs never become its baseline.
   */
  @Test
  void pullRequestTargetRunsAreNeverTheBaseBranchsBaseline() {
    on("pull_request_target", "refs/heads/main", "1111111111111111111111111111111111111111").run();

    Result onMain =
        on("schedule", "refs/heads/main", "2222222222222222222222222222222222222222").run();

    assertThat(onMain.summary()).contains("no baseline on main");
  }

  List<String> startTags() {
    var tags = new ArrayList<String>();
    nunu.requests().stream()
        .filter(r -> r.method().equals("POST") && r.path().endsWith("/runs"))
        .reduce((first, second) -> second)
        .map(Recorded::json)
        .orElseThrow()
        .get("additional_tags")
        .forEach(tag -> tags.add(tag.asText()));
    return tags;
  }

  String baselineLookup() {
    return nunu.requests().stream()
        .filter(r -> r.method().equals("GET") && r.path().endsWith("/runs"))
        .reduce((first, second) -> second)
        .orElseThrow()
        .query()
        .get("tags");
  }
}
