package io.github.nunuaction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nunuaction.core.Json;
import io.github.nunuaction.simulator.NunuSimulator;
import io.github.nunuaction.simulator.SimTest;
import io.github.nunuaction.simulator.SimTest.SimBug;
import io.github.nunuaction.testing.ActionHarness;
import io.github.nunuaction.testing.ActionHarness.Result;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What reviewers read, against the simulator: the bug gate, whether a failure is new, what the
 * agents knew, and the artifacts of failed runs only.
 */
class ReviewTest {
  static final String SHOP = "e1000000-0000-4000-8000-0000000000e1";
  static final String CRASHY = "e2000000-0000-4000-8000-0000000000e2";

  @TempDir Path root;
  NunuSimulator nunu;
  int runs;

  @BeforeEach
  void start() throws Exception {
    nunu =
        NunuSimulator.start()
            .addTest(
                new SimTest(
                    CRASHY,
                    "Boss fight",
                    "verification",
                    List.of("SUCCESS"),
                    1,
                    List.of(
                        new SimBug(
                            "Frame drops in the arena", "12 fps for 3 s", "performance", "high"),
                        new SimBug("Typo in the credits", "Teh end", "ui", "low")),
                    null,
                    null));
  }

  @AfterEach
  void stop() {
    nunu.close();
  }

  /** A workflow run in a workspace of its own. */
  ActionHarness workflowRun(long runId) {
    Path workspace = root.resolve("run-" + (++runs));
    try {
      Files.createDirectories(workspace);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ActionHarness(workspace, nunu.apiUrl(), nunu.artifactsUrl(), NunuSimulator.API_KEY)
        .env("GITHUB_RUN_ID", String.valueOf(runId))
        .input("deployment-config-id", NunuSimulator.DEPLOYMENT_CONFIG);
  }

  @ParameterizedTest(name = "fail-on-bugs: {0} -> exit {1}")
  @CsvSource({"none, 0", "low, 1", "medium, 1", "high, 1", "critical, 0"})
  void aBugAtOrAboveTheThresholdFailsTheStepEvenWhenEveryVerdictPassed(String level, int exit) {
    Result result = workflowRun(1).input("test-id", CRASHY).input("fail-on-bugs", level).run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(exit);
    assertThat(result.outputs()).containsEntry("passed", "1").containsEntry("bugs", "2");
    assertThat(result.outputs()).containsEntry("result", exit == 1 ? "failure" : "success");
    long bugAnnotations =
        result
            .stdout()
            .lines()
            .filter(line -> line.startsWith("::error title=nunu bug%3A"))
            .count();
    assertThat(bugAnnotations)
        .isEqualTo(
            switch (level) {
              case "low" -> 2L;
              case "medium", "high" -> 1L;
              default -> 0L;
            });
    assertThat(result.summary())
        .contains("| HIGH | performance | Frame drops in the arena | Boss fight | 2 | high |")
        .contains("| LOW | ui | Typo in the credits | Boss fight | 2 | high |");
    if (exit == 1) {
      assertThat(result.summary()).contains("or worse (fail-on-bugs&#58; " + level + ").");
    }
  }

  /**
   * Severities as nunu may send them: any casing, a word of its own, or none. Unknown and missing
   * ones meet every threshold (the gate fails closed), with one warning that names them; the
   * summary shows each as sent.
   */
  @Test
  void unknownOrMissingSeveritiesMeetEveryThresholdAndAreShownAsSent() {
    var odd = "e3000000-0000-4000-8000-0000000000e3";
    nunu.addTest(
        new SimTest(
            odd,
            "Odd bugs",
            "verification",
            List.of("SUCCESS"),
            1,
            List.of(
                new SimBug("Save corrupts", "The save file is empty", "crash", "Critical"),
                new SimBug("Soft lock", "The menu freezes", "gameplay", "BLOCKER"),
                new SimBug("Sound pops", "A pop at start", "audio", null),
                new SimBug("Text overlaps", "In German", "ui", "medium")),
            null,
            null));

    Result result = workflowRun(1).input("test-id", odd).input("fail-on-bugs", "critical").run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
    assertThat(result.stdout().lines().filter(line -> line.startsWith("::error title=nunu bug%3A")))
        .hasSize(3);
    assertThat(
            result.stdout().lines().filter(line -> line.startsWith("::warning title=Unknown bug")))
        .singleElement()
        .asString()
        .contains("BLOCKER, (none)");
    assertThat(result.summary())
        .contains("| CRITICAL | crash | Save corrupts |")
        .contains("| BLOCKER | gameplay | Soft lock |")
        .contains("| (none) | audio | Sound pops |")
        .contains("| MEDIUM | ui | Text overlaps |");
  }

  /** A run of this workflow on a push to main, where the shop test ended as {@code result}. */
  void onMain(String result) {
    nunu.addTest(shopTest(result));
    workflowRun(100).input("test-id", SHOP).run();
  }

  Result onPullRequest(String failOn) {
    nunu.addTest(shopTest("FAILED"));
    return workflowRun(200)
        .onPullRequest(17, "main", "abcdefabcdefabcdefabcdefabcdefabcdefabcd")
        .input("test-id", SHOP)
        .input("fail-on", failOn)
        .input("pr-comment", "never")
        .run();
  }

  static SimTest shopTest(String result) {
    return result.equals("SUCCESS")
        ? SimTest.passing(SHOP, "Shop opens")
        : SimTest.failing(SHOP, "Shop opens", "The shop stayed shut.");
  }

  @Test
  void aFailureThatPassedOnTheBaseBranchIsNewAndFailsTheStepUnderNewFailure() {
    onMain("SUCCESS");

    Result result = onPullRequest("new-failure");

    assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
    assertThat(result.outputs()).containsEntry("new-failures", "[\"Shop opens\"]");
    assertThat(result.summary()).contains("| FAILED (new&#58; passed on main) |");
  }

  @Test
  void aFailureThatFailsOnTheBaseBranchTooIsKnownAndDoesNotFailTheStepUnderNewFailure()
      throws Exception {
    onMain("FAILED");

    Result result = onPullRequest("new-failure");

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(result.outputs())
        .containsEntry("new-failures", "[]")
        .containsEntry("result", "failure");
    assertThat(result.summary()).contains("| FAILED (also failing on main) |");
    JsonNode job = Json.MAPPER.readTree(result.resultsFile("results.json")).at("/jobs/0/baseline");
    assertThat(job.get("kind").asText()).isEqualTo("known");
  }

  @Test
  void aFailureWithoutAResultOnTheBaseBranchHasNoBaseline() {
    Result result = onPullRequest("failure");

    assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
    assertThat(result.summary()).contains("| FAILED (no baseline on main) |");
    assertThat(result.outputs()).containsEntry("new-failures", "[]");
  }

  @Test
  void theBaselineIsLookedUpWithTheTestTheBranchAndTheLegsTags() {
    onMain("SUCCESS");

    onPullRequest("failure");

    var lookup =
        nunu.requests().stream()
            .filter(r -> r.method().equals("GET") && r.path().equals("/api/v1/runs"))
            .findFirst()
            .orElseThrow();
    assertThat(lookup.query())
        .containsEntry("multiplayer_test_id", SHOP)
        .containsEntry("state", "completed");
    assertThat(lookup.query().get("tags"))
        .matches("gh-repo:studio/game,gh-ref:refs/heads/main,gh-leg:[0-9a-f]{12}");
  }

  @Test
  void theKnowledgeTheAgentsCouldReadIsListed() throws Exception {
    Result result =
        workflowRun(1)
            .input("project-id", NunuSimulator.PROJECT)
            .input("test-id", NunuSimulator.TEST_PASS)
            .input("agent-config-id", NunuSimulator.AGENT_CONFIG)
            .run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(result.summary())
        .contains("<details><summary>What the agents knew: 4 knowledge files</summary>")
        .contains(
            "| project | game-design.md | 38 B | 2026-04-12T10&#58;30&#58;00.000Z | About game-design.md |")
        .contains("| agent | notes.md |")
        .contains("| test&#95;case | notes.md |");
    JsonNode knowledge = Json.MAPPER.readTree(result.resultsFile("results.json")).get("knowledge");
    assertThat(knowledge.get("files")).hasSize(4);
    var request =
        nunu.requests().stream()
            .filter(r -> r.path().startsWith("/bouncer/file-storage/"))
            .findFirst()
            .orElseThrow();
    assertThat(request.query())
        .containsEntry("agent_id", NunuSimulator.AGENT_CONFIG)
        .containsEntry("test_case_id", NunuSimulator.TEST_PASS)
        .containsEntry("include_metadata", "true");
  }

  @Test
  void knowledgeDirThatDiffersFromNunuIsWarnedAbout() throws Exception {
    nunu.projectKnowledge(
        Map.of(
            "game-design.md", "# Space game\nThe player flies a ship.\n",
            "rules.txt", "old rules",
            "removed.md", "gone from the repo"));
    ActionHarness action =
        workflowRun(1)
            .input("project-id", NunuSimulator.PROJECT)
            .input("test-id", NunuSimulator.TEST_PASS)
            .input("knowledge-dir", "docs/knowledge");
    action.file(
        "docs/knowledge/game-design.md", "# Space game\nThe player flies a ship.\n".getBytes());
    action.file("docs/knowledge/rules.txt", "new rules".getBytes());
    action.file("docs/knowledge/levels/moon.md", "The moon level".getBytes());

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(
            result
                .stdout()
                .lines()
                .filter(line -> line.startsWith("::warning title=Knowledge differs")))
        .singleElement()
        .asString()
        .contains("Missing in nunu: [levels/moon.md]")
        .contains("only in nunu: [removed.md]")
        .contains("changed: [rules.txt]");
    assertThat(result.summary())
        .contains("<br>Missing in nunu: levels/moon.md")
        .contains("<br>Only in nunu: removed.md")
        .contains("<br>Changed: rules.txt");
    JsonNode drift =
        Json.MAPPER.readTree(result.resultsFile("results.json")).at("/knowledge/drift");
    assertThat(drift.get("changed").toString()).isEqualTo("[\"rules.txt\"]");
  }

  @Test
  void knowledgeDirThatMatchesIsQuiet() {
    nunu.projectKnowledge(Map.of("game-design.md", "same"));
    ActionHarness action =
        workflowRun(1)
            .input("project-id", NunuSimulator.PROJECT)
            .input("test-id", NunuSimulator.TEST_PASS)
            .input("knowledge-dir", "kb");
    action.file("kb/game-design.md", "same".getBytes());

    Result result = action.run();

    assertThat(result.stdout()).doesNotContain("Knowledge differs");
  }

  /**
   * knowledge-dir is read file by file inside the workspace: a link that leads out is skipped, not
   * read. A multipart ETag cannot be compared; metadata sidecars are not files (seed 004).
   */
  @Test
  void knowledgeLinksOutMultipartEtagsAndSidecars() throws Exception {
    nunu.multipartKnowledgeEtags(true)
        .projectKnowledge(
            Map.of(
                "rules.txt", "the same rules",
                ".rules.txt.meta.json", "{\"description\": \"Rules\"}"));
    ActionHarness action =
        workflowRun(1)
            .input("project-id", NunuSimulator.PROJECT)
            .input("test-id", NunuSimulator.TEST_PASS)
            .input("knowledge-dir", "kb");
    action.file("kb/rules.txt", "the same rules".getBytes());
    action.file("kb/.rules.txt.meta.json", "{}".getBytes());
    Path secret = Files.writeString(root.resolve("secret.txt"), "outside the workspace");
    Files.createSymbolicLink(root.resolve("run-" + runs).resolve("kb/leaked.md"), secret);

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(result.stdout())
        .contains(
            "::warning title=Knowledge::knowledge-dir: leaked.md is a link that leads outside the"
                + " workspace; it was skipped, not read.")
        .doesNotContain("Knowledge differs");
    assertThat(result.summary())
        .contains("Not compared (nunu's ETag is not an MD5 of the content): rules.txt")
        .doesNotContain("Changed: rules.txt")
        .doesNotContain("leaked.md");
    JsonNode drift =
        Json.MAPPER.readTree(result.resultsFile("results.json")).at("/knowledge/drift");
    assertThat(drift.get("cannot_compare").toString()).isEqualTo("[\"rules.txt\"]");
    assertThat(drift.get("changed")).isEmpty();
    assertThat(drift.get("only_in_nunu")).isEmpty();
    assertThat(drift.get("missing_in_nunu")).isEmpty();
  }

  @Test
  void aKeyThatMayNotReadKnowledgeGivesANoticeNotAFailure() {
    nunu.failRoute("GET /file-storage", 403);

    Result result =
        workflowRun(1)
            .input("project-id", NunuSimulator.PROJECT)
            .input("test-id", NunuSimulator.TEST_PASS)
            .run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(result.stdout())
        .contains(
            "::notice title=Knowledge::The knowledge files were not listed: Could not list the knowledge files: HTTP 403");
  }

  @Test
  void withDownloadWhenFailureOnlyTheFailedRunsArtifactsAreDownloaded() throws Exception {
    ActionHarness action =
        workflowRun(1)
            .input("test-plan-id", NunuSimulator.TEST_PLAN)
            .input("download-artifacts", "logs")
            .input("download-artifacts-when", "failure");

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
    Path artifacts = result.workspace().resolve("nunu-results/artifacts");
    try (var files = Files.walk(artifacts)) {
      List<Path> logs = files.filter(Files::isRegularFile).toList();
      assertThat(logs).hasSize(1);
    }
  }
}
