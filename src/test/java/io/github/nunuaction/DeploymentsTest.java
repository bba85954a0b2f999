package io.github.nunuaction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nunuaction.core.Json;
import io.github.nunuaction.simulator.NunuSimulator;
import io.github.nunuaction.simulator.NunuSimulator.Recorded;
import io.github.nunuaction.simulator.SimTest;
import io.github.nunuaction.testing.ActionHarness;
import io.github.nunuaction.testing.ActionHarness.Result;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way the start-run page starts a test (API.md 2.2.1): a build per player of a cross-platform
 * test, extra apps beside the game, every device of a config; the builds they name uploaded side by
 * side, and the deployment configs checked before a byte is sent.
 */
class DeploymentsTest {
  static final String CROSS_PLAY = "c0550000-0000-4000-8000-00000000c0de";
  static final String PROJECT = "/api/v1/project/sim-project";

  @TempDir Path workspace;
  NunuSimulator nunu;
  ActionHarness action;

  @BeforeEach
  void start() throws Exception {
    nunu =
        NunuSimulator.start()
            .addTest(SimTest.passing(CROSS_PLAY, "Cross-play match").withPlayers(2));
    action =
        new ActionHarness(workspace, nunu.apiUrl(), nunu.artifactsUrl(), NunuSimulator.API_KEY)
            .input("project-id", NunuSimulator.PROJECT)
            .input("deployment-config-id", NunuSimulator.DEPLOYMENT_CONFIG);
  }

  @AfterEach
  void stop() {
    nunu.close();
  }

  @Test
  void aCrossPlatformMatchGetsAnAndroidAndAnIosBuild() throws Exception {
    action.file("out/game.apk", EndToEndTest.randomBytes(20_000));
    action.file("out/game.ipa", EndToEndTest.randomBytes(30_000));
    action
        .input("test-id", CROSS_PLAY)
        .input("build-file", "out/game.apk")
        .input(
            "players",
            """
            2:
              deployment-config-id: %s
              build: out/*.ipa
            """
                .formatted(NunuSimulator.IOS_CONFIG));

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    List<JsonNode> uploads = requests("POST", PROJECT + "/builds/upload");
    assertThat(uploads)
        .extracting(upload -> upload.get("platform").asText())
        .containsExactlyInAnyOrder("android", "ios-native");
    JsonNode buildIds = Json.MAPPER.readTree(result.outputs().get("build-ids"));
    assertThat(buildIds.fieldNames()).toIterable().containsExactly("main", "player-2");
    JsonNode start = requests("POST", PROJECT + "/runs").get(0);
    assertThat(start.get("build_id").asText()).isEqualTo(buildIds.get("main").asText());
    assertThat(start.get("player_deployment_configs").toString())
        .isEqualTo(
            "{\"2\":{\"deployment_config_id\":\""
                + NunuSimulator.IOS_CONFIG
                + "\",\"build_id\":\""
                + buildIds.get("player-2").asText()
                + "\"}}");
    assertThat(nunu.uploadState(buildIds.get("player-2").asText())).isEqualTo("COMPLETED");
    // Each player is shown on its platform, with the build it ran.
    assertThat(result.summary())
        .contains("**Player 1** · android-native · Pixel 8 (14)")
        .contains("**Player 2** · ios-native · iPhone 15 (17)")
        .contains(
            "build `"
                + buildIds.get("player-2").asText()
                + "` · config `"
                + NunuSimulator.IOS_CONFIG
                + "`");
    JsonNode players =
        Json.MAPPER.readTree(result.resultsFile("results.json")).at("/jobs/0/runs/0/players");
    assertThat(players.get(1).at("/apps/0/build_id").asText())
        .isEqualTo(buildIds.get("player-2").asText());
    assertThat(players.get(1).get("deployment_config_id").asText())
        .isEqualTo(NunuSimulator.IOS_CONFIG);
    assertThat(players.get(0).get("deployment_config_id").asText())
        .isEqualTo(NunuSimulator.DEPLOYMENT_CONFIG);
  }

  @Test
  void aCompanionAppGoesBesideTheGameAsAnExtraApp() throws Exception {
    action.file("out/game.apk", EndToEndTest.randomBytes(20_000));
    action.file("out/companion.apk", EndToEndTest.randomBytes(5_000));
    action
        .input("test-id", NunuSimulator.TEST_PASS)
        .input("build-file", "out/game.apk")
        .input("extra-builds", "1: out/companion.apk");

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    JsonNode buildIds = Json.MAPPER.readTree(result.outputs().get("build-ids"));
    assertThat(buildIds.fieldNames()).toIterable().containsExactly("main", "extra-1");
    JsonNode start = requests("POST", PROJECT + "/runs").get(0);
    assertThat(start.get("extra_build_ids").toString())
        .isEqualTo("{\"1\":\"" + buildIds.get("extra-1").asText() + "\"}");
    assertThat(result.outputs()).containsEntry("build-id", buildIds.get("main").asText());
    assertThat(result.summary()).contains("(extra app 1)");
  }

  @Test
  void theSameFileNamedTwiceIsUploadedOnce() {
    action.file("out/game.apk", EndToEndTest.randomBytes(20_000));
    action
        .input("test-id", CROSS_PLAY)
        .input("build-file", "out/game.apk")
        .input(
            "players",
            "2: {deployment-config-id: %s, build: out/game.apk}"
                .formatted(NunuSimulator.DEPLOYMENT_CONFIG));

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(requests("POST", PROJECT + "/builds/upload")).hasSize(1);
    JsonNode start = requests("POST", PROJECT + "/runs").get(0);
    assertThat(start.at("/player_deployment_configs/2/build_id").asText())
        .isEqualTo(start.get("build_id").asText());
  }

  @Test
  void everyDeviceOfTheConfigRunsTheTestTwice() throws Exception {
    action
        .input("test-id", NunuSimulator.TEST_PASS)
        .input("all-devices", "true")
        .input("instances", "2");

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    JsonNode start = requests("POST", PROJECT + "/runs").get(0);
    assertThat(start.get("run_on_all_configured_devices").asBoolean()).isTrue();
    assertThat(start.get("instances").asInt()).isEqualTo(2);
    // Two devices, a job each, two runs each.
    assertThat(Json.MAPPER.readTree(result.outputs().get("job-ids"))).hasSize(2);
    assertThat(result.outputs()).containsEntry("passed", "4");
    assertThat(result.summary()).contains("Pixel 8 (14)").contains("Galaxy S24 (14)");
  }

  @Test
  void aDeviceThatDoesNotStartIsWarnedAboutAndTheOthersRun() throws Exception {
    nunu.failDevice("Galaxy S24");
    action.input("test-id", NunuSimulator.TEST_PASS).input("all-devices", "true");

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(Json.MAPPER.readTree(result.outputs().get("job-ids"))).hasSize(1);
    assertThat(result.stdout())
        .contains(
            "::warning title=Device not started::nunu could not start the run on device Galaxy"
                + " S24: device Galaxy S24 is offline.");
    assertThat(Json.MAPPER.readTree(result.resultsFile("results.json")).get("problems").toString())
        .contains("Galaxy S24");
  }

  /**
   * API.md 2.2.1: a 500 with a result per device means no device started. That is nunu's definite
   * answer: no lookup, no second start, and the devices' errors in the message.
   */
  @Test
  void whenNoDeviceStartsTheStepFailsAtOnceNamingEachDevice() {
    nunu.failDevice("Pixel 8").failDevice("Galaxy S24");
    action.input("test-id", NunuSimulator.TEST_PASS).input("all-devices", "true");

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(3);
    assertThat(nunu.requests().stream().filter(r -> r.path().equals(PROJECT + "/runs")))
        .as("one start")
        .hasSize(1);
    assertThat(nunu.requests().stream().filter(r -> r.path().equals(PROJECT + "/jobs")))
        .as("no lookup")
        .isEmpty();
    assertThat(result.stdout())
        .contains("nunu started it on none of the devices (HTTP 500)")
        .contains("Pixel 8: device Pixel 8 is offline; Galaxy S24: device Galaxy S24 is offline");
  }

  @Test
  void whenOneOfThreeUploadsFailsTheOthersAreCancelledAndNothingStarts() {
    nunu.failUploadOf("companion.apk");
    action.file("out/game.apk", EndToEndTest.randomBytes(20_000));
    action.file("out/companion.apk", EndToEndTest.randomBytes(5_000));
    action.file("out/game.ipa", EndToEndTest.randomBytes(30_000));
    action
        .input("test-id", CROSS_PLAY)
        .input("build-file", "out/game.apk")
        .input("extra-builds", "1: out/companion.apk")
        .input(
            "players",
            "2: {deployment-config-id: %s, build: out/game.ipa}"
                .formatted(NunuSimulator.IOS_CONFIG));

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(3);
    assertThat(result.stdout()).contains("companion.apk could not be uploaded");
    assertThat(requests("POST", PROJECT + "/runs")).isEmpty();
    List<Recorded> cancels =
        nunu.requests().stream()
            .filter(r -> r.method().equals("DELETE") && r.path().endsWith("/builds/upload"))
            .toList();
    assertThat(cancels).hasSize(3);
    for (Recorded cancel : cancels) {
      assertThat(nunu.uploadState(cancel.query().get("build_id"))).isEqualTo("CANCELLED");
    }
    assertThat(result.outputs()).containsEntry("result", "error").containsEntry("build-ids", "{}");
  }

  @Test
  void aBuildForAConfigWhoseAppIsNotFromBuildStorageIsRefusedBeforeItIsSent() {
    action.file("out/game.exe", EndToEndTest.randomBytes(20_000));
    action
        .input("test-id", NunuSimulator.TEST_PASS)
        .input("deployment-config-id", NunuSimulator.PREINSTALLED_CONFIG)
        .input("build-file", "out/game.exe");

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
    assertThat(result.stdout())
        .contains(
            "::error title=Invalid input%3A build-file::Input 'build-file' is a build for"
                + " deployment config 'Windows VM (installed)' ("
                + NunuSimulator.PREINSTALLED_CONFIG
                + "), whose app does not come from Build Storage (preinstalled)");
    assertThat(nunu.requestLines()).containsExactly("GET " + PROJECT + "/deployment-configs");
    assertThat(result.outputs()).containsEntry("result", "error");
  }

  @Test
  void aBuildOfTheWrongPlatformIsRefusedBeforeItIsSent() {
    action.file("out/game.ipa", EndToEndTest.randomBytes(20_000));
    action.input("test-id", NunuSimulator.TEST_PASS).input("build-file", "out/game.ipa");

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
    assertThat(result.stdout())
        .contains(
            "Input 'build-file' sends the build (game.ipa, ios-native) to deployment config"
                + " 'Android phones'");
    assertThat(requests("POST", PROJECT + "/builds/upload")).isEmpty();
  }

  @Test
  void withoutPermissionToReadConfigsTheCheckIsSkippedWithANotice() {
    nunu.failRoute("GET /deployment-configs", 403);
    action.file("out/game.apk", EndToEndTest.randomBytes(20_000));
    action.input("test-id", NunuSimulator.TEST_PASS).input("build-file", "out/game.apk");

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(result.stdout())
        .containsOnlyOnce("::notice title=Deployment configs::")
        .contains("grant it project:view-configs");
  }

  /**
   * A config is looked up by its id in the list; one missing from a list that could not be read to
   * its end (a page that repeats) may still exist: nunu decides, nothing is refused here.
   */
  @Test
  void aConfigMissingFromAListNotReadToItsEndIsLeftToNunu() {
    nunu.ignorePaging(true);
    action.file("out/game.apk", EndToEndTest.randomBytes(20_000));
    action
        .input("test-id", NunuSimulator.TEST_PASS)
        .input("build-file", "out/game.apk")
        .input("deployment-config-id", "0dd00000-0000-4000-8000-000000000000");

    Result result = action.run();

    assertThat(result.exitCode()).as("nunu's 404, not invalid input").isEqualTo(3);
    assertThat(result.stdout())
        .contains("was not on the pages of configs read; nunu checks it when the run starts")
        .contains("Could not start the run: HTTP 404 (deployment config not found)");
  }

  private List<JsonNode> requests(String method, String path) {
    return nunu.requests().stream()
        .filter(r -> r.method().equals(method) && r.path().equals(path))
        .map(Recorded::json)
        .toList();
  }
}
