package io.github.nunuaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nunuaction.simulator.NunuSimulator;
import io.github.nunuaction.testing.ActionHarness;
import io.github.nunuaction.testing.ActionHarness.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The action against the documented API (../shared/nunu-api/API.md), point by point, with the
 * simulator following the docs. Each test names the passage it holds the action to.
 */
class ConformanceTest {
  @TempDir Path workspace;
  NunuSimulator nunu;
  ActionHarness action;

  @BeforeEach
  void start() throws Exception {
    nunu = NunuSimulator.start();
    action =
        new ActionHarness(workspace, nunu.apiUrl(), nunu.artifactsUrl(), NunuSimulator.API_KEY);
    action.file("game.apk", EndToEndTest.randomBytes(20_000));
  }

  @AfterEach
  void stop() {
    nunu.close();
  }

  /** API.md 2.1.1: the legacy initiate route requires project_id, which only project-id gives. */
  @Test
  void api_2_1_1_withoutProjectIdTheLegacyRouteRefusesTheUploadAndTheErrorSaysSetProjectId() {
    Result result = action.input("build-file", "game.apk").run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCode.SERVICE_FAILED.code());
    assertThat(result.stdout())
        .contains("Could not reserve the build upload: HTTP 400 (project_id is required)")
        .contains("set project-id");
    assertThat(nunu.requestLines())
        .containsExactly("GET /api/v1/builds", "POST /api/v1/builds/upload");
  }

  /**
   * API.md 5.5: completing is not documented as idempotent. The simulator completes the upload but
   * the answer is lost (502); the retry is refused (404); the build, asked for, is OK and is used.
   */
  @Test
  void api_5_5_aCompletionThatTookEffectIsFoundByAskingForTheBuildAndNeverCancelled() {
    nunu.loseCompletionAnswers(1);
    Result result =
        action
            .input("project-id", NunuSimulator.PROJECT)
            .input("build-file", "game.apk")
            .input("test-id", NunuSimulator.TEST_PASS)
            .input("deployment-config-id", NunuSimulator.DEPLOYMENT_CONFIG)
            .run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    String buildId = result.outputs().get("build-id");
    assertThat(nunu.uploadState(buildId)).isEqualTo("COMPLETED");
    assertThat(nunu.requestLines())
        .filteredOn(line -> line.contains("/builds"))
        .containsExactly(
            "GET /api/v1/project/sim-project/builds",
            "POST /api/v1/project/sim-project/builds/upload",
            "POST /api/v1/project/sim-project/builds/upload/complete",
            "POST /api/v1/project/sim-project/builds/upload/complete",
            "GET /api/v1/project/sim-project/builds/" + buildId);
    assertThat(result.outputs()).containsEntry("result", "success");
  }

  /** API.md 2.1.5: cancelling a multipart upload needs its upload_id; the simulator checks it. */
  @Test
  void api_2_1_5_anAbortedMultipartUploadIsCancelledWithItsUploadId() {
    nunu.multipartAbove(1, 8 * 1024).failPart(2);
    Result result =
        action.input("project-id", NunuSimulator.PROJECT).input("build-file", "game.apk").run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCode.SERVICE_FAILED.code());
    assertThat(result.stdout()).contains("Cancelled the unfinished upload of build");
    var cancel =
        nunu.requests().stream().filter(r -> r.method().equals("DELETE")).findFirst().orElseThrow();
    assertThat(cancel.query()).containsKeys("build_id", "object_key", "upload_id");
    assertThat(nunu.uploadState(cancel.query().get("build_id"))).isEqualTo("CANCELLED");
  }

  /** API.md 2.2.3 and 4.3: verification items of a failing step reach the summary and JUnit. */
  @Test
  void api_2_2_3_verificationItemsOfAFailingStepAreReported() {
    Result result =
        action
            .input("test-id", NunuSimulator.TEST_FAIL)
            .input("deployment-config-id", NunuSimulator.DEPLOYMENT_CONFIG)
            .run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
    assertThat(result.summary())
        .contains("• 1a FAILED: expected Settings menu opens works; found Tapped the Settings");
    assertThat(result.resultsFile("junit.xml"))
        .contains("- 1a [failed] expected: Settings menu opens works; found: Tapped the Settings");
    assertThat(result.resultsFile("results.json")).contains("\"status\" : \"failed\"");
  }
}
