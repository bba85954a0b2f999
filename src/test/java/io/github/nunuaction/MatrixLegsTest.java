package io.github.nunuaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nunuaction.report.CommentBody;
import io.github.nunuaction.simulator.GitHubSimulator;
import io.github.nunuaction.simulator.GitHubSimulator.StoredComment;
import io.github.nunuaction.simulator.NunuSimulator;
import io.github.nunuaction.simulator.NunuSimulator.Recorded;
import io.github.nunuaction.simulator.SimTest;
import io.github.nunuaction.testing.ActionHarness;
import io.github.nunuaction.testing.ActionHarness.Result;
import io.github.nunuaction.testing.ActionYml;
import io.github.nunuaction.testing.ScaledClock;
import io.github.nunuaction.testing.VirtualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Matrix legs and steps of one job never step on each other: each is its own identity (a leg key
 * from what it starts and its matrix values, or identity-key), a re-run re-runs each leg's own
 * failures counting every run, and the job's one pull request comment has a section per leg that
 * legs finishing together do not lose.
 */
class MatrixLegsTest {
  static final String MENU = "a0000000-0000-4000-8000-00000000000a";
  static final String SHOP = "b0000000-0000-4000-8000-00000000000b";
  static final String PLAN = "d0000000-0000-4000-8000-00000000000d";
  static final String BOT = "github-actions[bot]";

  @TempDir Path root;
  NunuSimulator nunu;
  GitHubSimulator github;
  int runs;

  @BeforeEach
  void start() throws Exception {
    nunu =
        NunuSimulator.start()
            .addTest(SimTest.passing(MENU, "Main menu"))
            // The shop works with one hero and not the other: the legs' results differ.
            .addTest(
                SimTest.passing(SHOP, "Shop opens")
                    .byHero(Map.of("Ada", "FAILED", "Bob", "SUCCESS")))
            .addPlan(PLAN, List.of(MENU, SHOP));
    github = new GitHubSimulator().account(ActionYml.RUNNER_TOKEN, BOT);
  }

  @AfterEach
  void stop() {
    nunu.close();
    github.close();
  }

  ActionHarness leg(long runId, int attempt, VirtualClock clock) {
    Path workspace = root.resolve("leg-" + (++runs));
    try {
      Files.createDirectories(workspace);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ActionHarness(
            workspace, nunu.apiUrl(), nunu.artifactsUrl(), NunuSimulator.API_KEY, clock)
        .env("GITHUB_RUN_ID", String.valueOf(runId))
        .env("GITHUB_RUN_ATTEMPT", String.valueOf(attempt))
        .env("GITHUB_API_URL", github.apiUrl().toString())
        .input("project-id", NunuSimulator.PROJECT)
        .input("deployment-config-id", NunuSimulator.DEPLOYMENT_CONFIG)
        .input("build-id", NunuSimulator.EXISTING_BUILD);
  }

  ActionHarness leg(long runId, int attempt) {
    return leg(runId, attempt, new VirtualClock());
  }

  /** Two steps (or legs) that differ only in template-data are two identities. */
  @Test
  void legsThatDifferOnlyInTemplateDataEachReRunOnlyTheirOwnFailure() {
    Result ada1 = leg(500, 1).input("test-plan-id", PLAN).input("template-data", "hero: Ada").run();
    Result bob1 = leg(500, 1).input("test-plan-id", PLAN).input("template-data", "hero: Bob").run();
    assertThat(ada1.exitCode()).as(ada1.all()).isEqualTo(1);
    assertThat(bob1.exitCode()).as(bob1.all()).isZero();
    int startsBefore = starts().size();

    Result ada2 = leg(500, 2).input("test-plan-id", PLAN).input("template-data", "hero: Ada").run();
    List<Recorded> adaStarts = starts().subList(startsBefore, starts().size());
    Result bob2 = leg(500, 2).input("test-plan-id", PLAN).input("template-data", "hero: Bob").run();

    assertThat(adaStarts)
        .singleElement()
        .satisfies(
            start -> {
              assertThat(start.json().get("multiplayer_test_id").asText()).isEqualTo(SHOP);
              assertThat(start.json().at("/template_data/hero").asText()).isEqualTo("Ada");
            });
    assertThat(ada2.exitCode()).as(ada2.all()).isEqualTo(1);
    assertThat(ada2.outputs()).containsEntry("passed", "1").containsEntry("failed", "1");
    assertThat(starts())
        .as("Bob's leg passed everything: nothing to re-run")
        .hasSize(startsBefore + 1);
    assertThat(bob2.exitCode()).as(bob2.all()).isZero();
    assertThat(bob2.outputs()).containsEntry("passed", "2").containsEntry("job-ids", "[]");
    assertThat(legTag(500, 1, "Ada"))
        .isNotEqualTo(legTag(500, 1, "Bob"))
        .isEqualTo(legTag(500, 2, "Ada"));
  }

  /** With all-devices, one passing device does not stand for the test: it runs again. */
  @Test
  void aTestThatFailedOnOneDeviceOfThreeRunsAgainOnTheReRun() {
    var onDevices = "c0000000-0000-4000-8000-00000000000c";
    nunu.addTest(SimTest.passing(onDevices, "Rotate the screen").failingOn("Galaxy S24"));
    Result first = leg(600, 1).input("test-id", onDevices).input("all-devices", "true").run();
    assertThat(first.exitCode()).as(first.all()).isEqualTo(1);
    assertThat(first.outputs()).containsEntry("passed", "1").containsEntry("failed", "1");
    int startsBefore = starts().size();

    Result second = leg(600, 2).input("test-id", onDevices).input("all-devices", "true").run();

    assertThat(starts()).hasSize(startsBefore + 1);
    assertThat(starts().getLast().json().get("run_on_all_configured_devices").asBoolean()).isTrue();
    assertThat(second.exitCode()).as(second.all()).isEqualTo(1);
    assertThat(second.outputs()).containsEntry("failed", "1");
  }

  /** A test that passed on every device is carried whole: each device's result, none started. */
  @Test
  void aTestThatPassedOnEveryDeviceIsCarriedWithEachDevicesResult() {
    Result first = leg(610, 1).input("test-id", MENU).input("all-devices", "true").run();
    assertThat(first.outputs()).containsEntry("passed", "2");
    int startsBefore = starts().size();

    Result second = leg(610, 2).input("test-id", MENU).input("all-devices", "true").run();

    assertThat(starts()).hasSize(startsBefore);
    assertThat(second.exitCode()).as(second.all()).isZero();
    assertThat(second.outputs()).containsEntry("passed", "2");
  }

  @Test
  void identityKeyReplacesTheDerivedKeyAndAMatrixThatIsNotJsonIsHashedAsText() {
    Result keyed =
        leg(700, 1).input("test-id", MENU).input("identity-key", "android nightly").run();
    Result text = leg(701, 1).input("test-id", MENU).input("matrix", "not { json").run();
    Result other = leg(702, 1).input("test-id", MENU).input("matrix", "other text").run();

    assertThat(keyed.exitCode()).as(keyed.all()).isZero();
    assertThat(text.exitCode()).as(text.all()).isZero();
    assertThat(other.exitCode()).as(other.all()).isZero();
    assertThat(legTag(700, 1, null)).isEqualTo("gh-leg:android nightly");
    assertThat(legTag(701, 1, null))
        .matches("gh-leg:[0-9a-f]{12}")
        .isNotEqualTo(legTag(702, 1, null));
  }

  @Test
  void theSameMatrixValuesInAnotherOrderAreTheSameLeg() {
    Result one =
        leg(710, 1)
            .input("test-id", MENU)
            .input("matrix", "{\"device\": \"a\", \"os\": \"14\"}")
            .run();
    Result two =
        leg(711, 1)
            .input("test-id", MENU)
            .input("matrix", "{\"os\": \"14\", \"device\": \"a\"}")
            .run();

    assertThat(one.exitCode()).as(one.all()).isZero();
    assertThat(two.exitCode()).as(two.all()).isZero();
    assertThat(legTag(710, 1, null)).isEqualTo(legTag(711, 1, null));
  }

  /**
   * Eight legs of a device matrix finish at the same moment: GitHub holds their first reads until
   * all eight have asked, so all see no comment, and all write at once. One comment remains, with
   * eight sections, none lost.
   */
  @Test
  void eightLegsFinishingTogetherWriteOneCommentWithEightSectionsNoneLost() throws Exception {
    github.latency(2).holdFirstLists(8);
    List<String> devices = IntStream.rangeClosed(1, 8).mapToObj(i -> "device-" + i).toList();
    var legs = new ArrayList<ActionHarness>();
    for (String device : devices) {
      legs.add(
          leg(800, 1, new ScaledClock())
              .onPullRequest(17, "main", "1234567890abcdef1234567890abcdef12345678")
              .input("test-id", device.endsWith("3") ? SHOP : MENU)
              .input("poll-interval-seconds", "5")
              .input("template-data", "hero: Ada")
              .input("matrix", "{\"device\": \"" + device + "\"}"));
    }

    List<Result> results = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Result>> running = legs.stream().map(leg -> pool.submit(leg::run)).toList();
      for (Future<Result> leg : running) {
        results.add(leg.get());
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(github.creations()).as("all eight read before any wrote").isEqualTo(8);
    List<StoredComment> comments = github.comments(17);
    assertThat(comments).as(github.toString()).singleElement();
    StoredComment comment = comments.get(0);
    assertThat(comment.author()).isEqualTo(BOT);
    String marker = comment.body().lines().findFirst().orElseThrow();
    var body =
        CommentBody.parse(comment.body(), marker.substring("<!-- ".length(), marker.length() - 4));
    assertThat(body.sections())
        .extracting(CommentBody.Section::label)
        .containsExactlyElementsOf(devices.stream().map(d -> "device: " + d).toList());
    assertThat(comment.body())
        .contains("### ❌ nunu.ai · device&#58; device-3: 0 passed, 1 failed")
        .contains("### ✅ nunu.ai · device&#58; device-8: 1 passed, 0 failed");
    assertThat(results)
        .allSatisfy(
            result ->
                assertThat(result.outputs().get("comment-url"))
                    .as(result.all())
                    .endsWith("#issuecomment-" + comment.id()));
  }

  // --- helpers ---

  List<Recorded> starts() {
    return nunu.requests().stream()
        .filter(r -> r.method().equals("POST") && r.path().endsWith("/runs"))
        .toList();
  }

  /** The leg tag that the starts of a workflow run's attempt sent (with this hero, if given). */
  String legTag(long runId, int attempt, String hero) {
    return starts().stream()
        .map(Recorded::json)
        .filter(body -> tags(body).contains("gh-attempt:" + runId + "-" + attempt))
        .filter(body -> hero == null || hero.equals(body.at("/template_data/hero").asText()))
        .flatMap(body -> tags(body).stream())
        .filter(tag -> tag.startsWith("gh-leg:"))
        .findFirst()
        .orElseThrow();
  }

  static List<String> tags(com.fasterxml.jackson.databind.JsonNode body) {
    var tags = new ArrayList<String>();
    body.path("additional_tags").forEach(tag -> tags.add(tag.asText()));
    return tags;
  }
}
