package io.github.nunuaction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nunuaction.core.Json;
import io.github.nunuaction.simulator.NunuSimulator;
import io.github.nunuaction.simulator.NunuSimulator.Recorded;
import io.github.nunuaction.testing.ActionHarness;
import io.github.nunuaction.testing.ActionHarness.Result;
import io.github.nunuaction.testing.Tags;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole flow, in-process, against the simulated nunu API over real HTTP. */
class EndToEndTest {
  @TempDir Path workspace;
  NunuSimulator nunu;
  ActionHarness action;

  @BeforeEach
  void start() throws Exception {
    nunu = NunuSimulator.start();
    action =
        new ActionHarness(workspace, nunu.apiUrl(), nunu.artifactsUrl(), NunuSimulator.API_KEY);
  }

  @AfterEach
  void stop() {
    nunu.close();
  }

  @Test
  void uploadsTheBuildRunsTheTestAndReportsSuccess() throws Exception {
    byte[] build = randomBytes(300_000);
    action.file("out/game.apk", build);
    action
        .input("project-id", NunuSimulator.PROJECT)
        .input("build-file", "out/*.apk")
        .input("test-id", NunuSimulator.TEST_PASS)
        .input("deployment-config-id", NunuSimulator.DEPLOYMENT_CONFIG);

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    String buildId = buildIdOfUpload();
    String jobId = jobIds().get(0);
    String runId = runIds().get(0);
    assertThat(result.outputs())
        .containsExactlyEntriesOf(
            outputs(
                buildId, "[\"" + jobId + "\"]", "[\"" + runId + "\"]", "", "success", 1, 0, 0, 0));
    assertThat(nunu.uploadedBytes(buildId)).isEqualTo(build);
    assertThat(nunu.uploadState(buildId)).isEqualTo("COMPLETED");
    assertThat(normalizedRequests())
        .containsExactly(
            "GET /api/v1/project/sim-project/deployment-configs",
            "GET /api/v1/project/sim-project/builds",
            "POST /api/v1/project/sim-project/builds/upload",
            "PUT /storage/{build}/1",
            "POST /api/v1/project/sim-project/builds/upload/complete",
            "POST /api/v1/project/sim-project/runs",
            "GET /api/v1/project/sim-project/jobs/{uuid}",
            "GET /api/v1/project/sim-project/jobs/{uuid}",
            "GET /api/v1/project/sim-project/jobs/{uuid}",
            "GET /api/v1/project/sim-project/jobs/{uuid}",
            "GET /api/v1/project/sim-project/runs/{run}",
            "GET /bouncer/file-storage/sim-project");

    JsonNode initiate = request("POST", "/api/v1/project/sim-project/builds/upload").json();
    assertThat(initiate.get("name").asText()).isEqualTo("studio/game #42");
    assertThat(initiate.get("project_id").asText())
        .as("API.md 2.1.1: project_id whenever it is known")
        .isEqualTo(NunuSimulator.PROJECT);
    assertThat(initiate.get("file_name").asText()).isEqualTo("game.apk");
    assertThat(initiate.get("file_size").asLong()).isEqualTo(build.length);
    assertThat(initiate.get("platform").asText()).isEqualTo("android");
    assertThat(initiate.at("/details/ci/run_url").asText())
        .isEqualTo("https://github.com/studio/game/actions/runs/9000001");
    assertThat(initiate.at("/details/upload/method").asText()).isEqualTo("github-action");
    JsonNode start =
        Tags.withoutIdentity(
            request("POST", "/api/v1/project/sim-project/runs").json(), "additional_tags");
    assertThat(start)
        .isEqualTo(
            Json.MAPPER.readTree(
                """
        {"multiplayer_test_id": "%s", "deployment_config_id": "%s", "build_id": "%s"}"""
                    .formatted(NunuSimulator.TEST_PASS, NunuSimulator.DEPLOYMENT_CONFIG, buildId)));

    Recorded put = request("PUT", "/storage/" + buildId + "/1");
    assertThat(put.header("X-Api-Key")).as("no key to storage").isNull();
    assertThat(put.header("Content-Length")).isEqualTo(String.valueOf(build.length));
    assertThat(nunu.requests())
        .filteredOn(r -> r.path().startsWith("/api/"))
        .allSatisfy(r -> assertThat(r.header("X-Api-Key")).isEqualTo(NunuSimulator.API_KEY));

    assertThat(result.summary())
        .startsWith("## ✅ nunu.ai: 1 passed, 0 failed, 0 bugs\n")
        .contains(
            "| | Test | Platform / device | Result | Duration | Bugs |\n|---|---|---|---|---|---|\n"
                + "| ✅ | Main menu smoke test | android-native · Pixel 8 (14) | SUCCESS | 4m 1s | 0 |\n");
    assertThat(result.state())
        .containsExactly(
            Map.entry("job-ids", "[\"" + jobId + "\"]"), Map.entry("finished", "true"));
    assertThat(result.stdout()).contains("::add-mask::" + NunuSimulator.API_KEY);
  }

  @Test
  void testPlanWithOneFailingTestFailsTheStepWithTheRightCounts() {
    action
        .input("test-plan-id", NunuSimulator.TEST_PLAN)
        .input("deployment-config-id", NunuSimulator.DEPLOYMENT_CONFIG)
        .input("project-id", "my-project");

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
    List<String> jobs = jobIds();
    assertThat(jobs).hasSize(3);
    String executionId =
        request("GET", "/api/v1/project/my-project/test-plan-executions")
            .query()
            .get("test_plan_id");
    assertThat(executionId).isEqualTo(NunuSimulator.TEST_PLAN);
    Map<String, String> outputs = result.outputs();
    assertThat(outputs.get("test-plan-execution-id")).matches("[0-9a-f-]{36}");
    assertThat(outputs)
        .containsExactlyEntriesOf(
            outputs(
                "",
                Json.stringArray(jobs),
                Json.stringArray(runIds()),
                outputs.get("test-plan-execution-id"),
                "failure",
                2,
                1,
                0,
                1));
    assertThat(normalizedRequests()).first().isEqualTo("POST /api/v1/project/my-project/runs");
    assertThat(normalizedRequests())
        .filteredOn(line -> !line.contains("/bouncer/"))
        .allMatch(line -> line.contains("/api/v1/project/my-project/"));
    // One listing of the plan's three jobs a round, four rounds, and no job polled on its own.
    assertThat(normalizedRequests())
        .filteredOn(line -> line.startsWith("GET /api/v1/project/my-project/jobs"))
        .containsOnly("GET /api/v1/project/my-project/jobs")
        .hasSize(4);
    assertThat(request("GET", "/api/v1/project/my-project/jobs").query())
        .containsEntry("test_plan_execution_id", outputs.get("test-plan-execution-id"))
        .containsEntry("page_size", "100");
    assertThat(result.summary())
        .startsWith("## ❌ nunu.ai: 2 passed, 1 failed, 1 bug\n")
        .contains(
            "| ❌ | Settings menu opens | android-native · Pixel 8 (14) | FAILED | 4m 1s | 1 |")
        .contains("Settings button does nothing");
    assertThat(
            result
                .summary()
                .lines()
                .filter(line -> line.startsWith("| ✅ | Main menu smoke test |")))
        .hasSize(2);
    assertThat(result.stdout()).contains("::error title=nunu%3A Settings menu opens FAILED::Run ");
  }

  @Test
  void executionErrorIsAnErrorUnlessFailOnNever() {
    action
        .input("build-id", NunuSimulator.EXISTING_BUILD)
        .input("test-id", NunuSimulator.TEST_ERROR)
        .input("deployment-config-id", NunuSimulator.DEPLOYMENT_CONFIG);

    Result failing = action.run();
    Result tolerated = action.input("fail-on", "never").run();

    assertThat(failing.exitCode()).as(failing.all()).isEqualTo(1);
    assertThat(tolerated.exitCode()).as(tolerated.all()).isZero();
    assertThat(failing.outputs())
        .containsEntry("result", "error")
        .containsEntry("errored", "1")
        .containsEntry("passed", "0");
    assertThat(failing.summary())
        .startsWith("## ⚠️ nunu.ai: errors, 0 passed, 0 failed, 1 errored, 0 bugs\n")
        .contains(
            "| ⚠️ | Tutorial completes | android-native · Pixel 8 (14) | ERROR | 4m 1s | 0 |");
    assertThat(failing.stdout()).contains("::error title=nunu%3A Tutorial completes ERROR::Run ");
  }

  @Test
  void instructionsRunWithoutABuild() {
    action
        .input("instructions", "Open the main menu and check every button responds")
        .input("run-name", "PR #7 smoke")
        .input("agent-config-id", NunuSimulator.AGENT_CONFIG)
        .input("deployment-config-id", NunuSimulator.DEPLOYMENT_CONFIG)
        .input("tags", "pr-7, smoke");

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    Map<String, String> expected =
        outputs(
            "", Json.stringArray(jobIds()), Json.stringArray(runIds()), "", "success", 1, 0, 0, 0);
    String testId = request("POST", "/api/v1/runs").json().isEmpty() ? null : createdTestId();
    expected.put("test-id", testId);
    assertThat(result.outputs()).containsExactlyEntriesOf(expected);
    assertThat(testId).as("the ephemeral test's id").matches("[0-9a-f-]{36}");
    assertThat(normalizedRequests()).noneMatch(line -> line.contains("/builds/"));
    JsonNode start = request("POST", "/api/v1/runs").json();
    assertThat(start.get("instructions").asText())
        .isEqualTo("Open the main menu and check every button responds");
    assertThat(start.get("name").asText()).isEqualTo("PR #7 smoke");
    assertThat(start.get("agent_config_id").asText())
        .as("API.md 2.2.1: required for instructions")
        .isEqualTo(NunuSimulator.AGENT_CONFIG);
    assertThat(start.has("build_id")).isFalse();
    assertThat(Tags.withoutIdentity(start, "additional_tags").get("additional_tags").toString())
        .isEqualTo("[\"pr-7\",\"smoke\"]");
    assertThat(result.summary()).contains("| ✅ | PR &#35;7 smoke |");
  }

  @Test
  void reusesAnUploadedBuild() {
    action
        .input("build-id", NunuSimulator.EXISTING_BUILD)
        .input("test-id", NunuSimulator.TEST_PASS)
        .input("deployment-config-id", NunuSimulator.DEPLOYMENT_CONFIG);

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(result.outputs())
        .containsExactlyEntriesOf(
            outputs(
                NunuSimulator.EXISTING_BUILD,
                Json.stringArray(jobIds()),
                Json.stringArray(runIds()),
                "",
                "success",
                1,
                0,
                0,
                0));
    assertThat(normalizedRequests()).noneMatch(line -> line.contains("/builds/"));
    assertThat(request("POST", "/api/v1/runs").json().get("build_id").asText())
        .isEqualTo(NunuSimulator.EXISTING_BUILD);
    assertThat(result.summary()).contains("Build `" + NunuSimulator.EXISTING_BUILD + "`");
  }

  @Test
  void uploadOnlyWhenNoRunIsRequested() {
    byte[] build = randomBytes(50_000);
    action.file("Game.exe", build);
    action
        .input("project-id", NunuSimulator.PROJECT)
        .input("build-file", "Game.exe")
        .input("build-tags", "nightly,\nwindows");

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    String buildId = buildIdOfUpload();
    assertThat(result.outputs())
        .containsExactlyEntriesOf(outputs(buildId, "[]", "[]", "", "success", 0, 0, 0, 0));
    assertThat(normalizedRequests())
        .containsExactly(
            "GET /api/v1/project/sim-project/builds",
            "POST /api/v1/project/sim-project/builds/upload",
            "PUT /storage/{build}/1",
            "POST /api/v1/project/sim-project/builds/upload/complete");
    JsonNode initiate = request("POST", "/api/v1/project/sim-project/builds/upload").json();
    assertThat(initiate.get("platform").asText()).isEqualTo("windows");
    assertThat(Tags.withoutIdentity(initiate, "tags").get("tags").toString())
        .isEqualTo("[\"nightly\",\"windows\"]");
    assertThat(nunu.uploadedBytes(buildId)).isEqualTo(build);
    assertThat(result.summary()).startsWith("## ✅ nunu.ai: build uploaded\n");
  }

  // --- helpers ---

  private static Map<String, String> outputs(
      String buildId,
      String jobIds,
      String runIds,
      String executionId,
      String result,
      int passed,
      int failed,
      int errored,
      int bugs) {
    var outputs = new LinkedHashMap<String, String>();
    outputs.put("build-id", buildId);
    outputs.put("job-ids", jobIds);
    outputs.put("run-ids", runIds);
    outputs.put("test-plan-execution-id", executionId);
    outputs.put("result", result);
    outputs.put("passed", String.valueOf(passed));
    outputs.put("failed", String.valueOf(failed));
    outputs.put("errored", String.valueOf(errored));
    outputs.put("bugs", String.valueOf(bugs));
    outputs.put("results-file", "nunu-results/results.json");
    outputs.put("junit-file", "nunu-results/junit.xml");
    outputs.put("superseded-job-ids", "[]");
    outputs.put("build-reused", "false");
    outputs.put("test-id", "");
    outputs.put("new-failures", "[]");
    outputs.put("comment-url", "");
    outputs.put("build-ids", buildId.isEmpty() ? "{}" : "{\"main\":\"" + buildId + "\"}");
    outputs.put("flaky", "[]");
    outputs.put("quarantined-failures", "[]");
    return outputs;
  }

  /** The ephemeral test the simulator created: the test of the one job. */
  private String createdTestId() {
    return nunu.requests().stream()
        .filter(r -> r.method().equals("GET") && r.path().startsWith("/api/v1/jobs/"))
        .findFirst()
        .map(r -> nunu.testOf(r.path().substring("/api/v1/jobs/".length())))
        .orElseThrow();
  }

  private String buildIdOfUpload() {
    return nunu.requests().stream()
        .filter(r -> r.method().equals("PUT"))
        .map(r -> r.path().split("/")[2])
        .findFirst()
        .orElseThrow();
  }

  private List<String> jobIds() {
    return nunu.jobIds();
  }

  private List<String> runIds() {
    return nunu.runIds();
  }

  private Recorded request(String method, String path) {
    return nunu.requests().stream()
        .filter(r -> r.method().equals(method) && r.path().equals(path))
        .findFirst()
        .orElseThrow();
  }

  private List<String> normalizedRequests() {
    return nunu.requestLines().stream()
        .map(
            line ->
                line.replaceAll("/storage/[0-9a-f-]{36}/", "/storage/{build}/")
                    .replaceAll("/[0-9a-f]{8}-[0-9a-f-]{27}", "/{uuid}")
                    .replaceAll("/runs/[a-z0-9]{11}", "/runs/{run}"))
        .toList();
  }

  static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }
}
