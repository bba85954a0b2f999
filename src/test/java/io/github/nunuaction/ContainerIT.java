package io.github.nunuaction;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import io.github.nunuaction.core.Json;
import io.github.nunuaction.simulator.NunuSimulator;
import io.github.nunuaction.simulator.SimulatorMain;
import io.github.nunuaction.testing.ActionHarness;
import io.github.nunuaction.testing.ActionYml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The real image, built from the Dockerfile and run the way the runner runs a container action:
 * every input as {@code INPUT_<NAME>} with hyphens, the workspace at {@code /github/workspace}, the
 * file commands under a mounted {@code /github/file_commands}, against the simulated API on the
 * host. Docker where there is one, podman (see .ci/container-setup) where there is not.
 */
class ContainerIT {
  static String image;

  @TempDir Path runner;
  Path workspace;
  Path fileCommands;
  NunuSimulator nunu;
  DockerClient docker;

  @BeforeAll
  static void buildImage() {
    var dockerfile =
        new ImageFromDockerfile("localhost/nunu-action-test", false)
            .withDockerfile(Path.of("Dockerfile").toAbsolutePath())
            .withBuildImageCmdModifier(cmd -> cmd.withNetworkMode("host"));
    // Without a registry (podman here) the base images are local stand-ins for the public ones.
    String buildImage = System.getenv("NUNU_BUILD_IMAGE");
    String runtimeImage = System.getenv("NUNU_RUNTIME_IMAGE");
    if (buildImage != null && runtimeImage != null) {
      dockerfile
          .withBuildArg("BUILD_IMAGE", buildImage)
          .withBuildArg("RUNTIME_IMAGE", runtimeImage);
    }
    image = dockerfile.get();
  }

  @BeforeEach
  void start() throws Exception {
    workspace = Files.createDirectories(runner.resolve("workspace"));
    fileCommands = Files.createDirectories(runner.resolve("file_commands"));
    nunu = NunuSimulator.start();
    docker = DockerClientFactory.instance().client();
  }

  @AfterEach
  void stop() {
    nunu.close();
  }

  @Test
  void runsTheWholeFlowAsTheRunnerDoes() throws Exception {
    nunu.retryAfter(1);
    Files.write(workspace.resolve("game.apk"), EndToEndTest.randomBytes(400_000));
    Map<String, String> inputs =
        Map.of(
            "project-id",
            NunuSimulator.PROJECT,
            "build-file",
            "game.apk",
            "test-plan-id",
            NunuSimulator.TEST_PLAN_PASSING,
            "deployment-config-id",
            NunuSimulator.DEPLOYMENT_CONFIG,
            "download-artifacts",
            "logs");

    try (var container =
        container(inputs)
            .withStartupCheckStrategy(new UntilExited().withTimeout(Duration.ofMinutes(2)))) {
      container.start();
      String logs = container.getLogs();

      assertThat(exitCode(container)).as(logs).isZero();
      Map<String, String> outputs = heredocs("set_output");
      assertThat(outputs)
          .containsEntry("result", "success")
          .containsEntry("passed", "2")
          .containsEntry("job-ids", Json.stringArray(nunu.jobIds()))
          .containsEntry("results-file", "nunu-results/results.json");
      assertThat(nunu.uploadedBytes(outputs.get("build-id")))
          .isEqualTo(Files.readAllBytes(workspace.resolve("game.apk")));
      assertThat(Files.readString(fileCommands.resolve("step_summary")))
          .startsWith("## ✅ nunu.ai: 2 passed, 0 failed, 0 bugs\n");
      assertThat(heredocs("save_state")).containsEntry("finished", "true");
      assertThat(workspace.resolve("nunu-results/junit.xml")).exists();
      assertThat(Files.list(workspace.resolve("nunu-results/artifacts"))).hasSize(2);
      assertThat(logs)
          .startsWith("::add-mask::" + NunuSimulator.API_KEY + "\n")
          .contains("::notice title=nunu.ai results::2 passed")
          .doesNotContain("[warning]", "[error]");
    }
  }

  @Test
  void talksTlsWithTheTrustStoreGivenInJavaToolOptions() throws Exception {
    keytool(
        "-genkeypair",
        "-alias",
        "sim",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=nunu-simulator",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-validity",
        "2",
        "-keystore",
        "sim.p12",
        "-storetype",
        "PKCS12",
        "-storepass",
        "changeit",
        "-keypass",
        "changeit");
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "sim",
        "-keystore",
        "sim.p12",
        "-storepass",
        "changeit",
        "-file",
        "sim.pem");
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "sim",
        "-file",
        "sim.pem",
        "-keystore",
        "truststore.p12",
        "-storetype",
        "PKCS12",
        "-storepass",
        "changeit");
    nunu.close();
    nunu =
        new NunuSimulator(
                "127.0.0.1",
                0,
                SimulatorMain.tls(workspace.resolve("sim.p12"), "changeit".toCharArray()))
            .retryAfter(1);
    nunu.startServing();
    Files.write(workspace.resolve("game.apk"), EndToEndTest.randomBytes(100_000));
    Map<String, String> inputs =
        Map.of(
            "project-id",
            NunuSimulator.PROJECT,
            "build-file",
            "game.apk",
            "test-id",
            NunuSimulator.TEST_PASS,
            "deployment-config-id",
            NunuSimulator.DEPLOYMENT_CONFIG,
            "download-artifacts",
            "all");

    try (var container =
        container(inputs)
            .withEnv(
                "JAVA_TOOL_OPTIONS",
                "-Djavax.net.ssl.trustStore=/github/workspace/truststore.p12 -Djavax.net.ssl.trustStorePassword=changeit")
            .withStartupCheckStrategy(new UntilExited().withTimeout(Duration.ofMinutes(2)))) {
      container.start();
      String logs = container.getLogs();

      assertThat(nunu.apiUrl().getScheme()).isEqualTo("https");
      assertThat(exitCode(container)).as(logs).isZero();
      assertThat(heredocs("set_output")).containsEntry("result", "success");
      assertThat(nunu.uploadedBytes(heredocs("set_output").get("build-id")))
          .isEqualTo(Files.readAllBytes(workspace.resolve("game.apk")));
      assertThat(Files.list(workspace.resolve("nunu-results/artifacts")).findFirst().orElseThrow())
          .isDirectory();
    }
  }

  private void keytool(String... args) throws Exception {
    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(workspace.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(output).isZero();
  }

  @Test
  void invalidInputsExit2BeforeAnyRequest() {
    Map<String, String> inputs = Map.of("test-id", "not-a-uuid", "retries", "eleven");
    try (var container =
        container(inputs)
            .withStartupCheckStrategy(new UntilExited().withTimeout(Duration.ofMinutes(1)))) {
      container.start();
      String logs = container.getLogs();

      assertThat(exitCode(container)).as(logs).isEqualTo(2);
      assertThat(logs)
          .contains("::error title=Invalid input%3A test-id::Input 'test-id' must be a UUID")
          .contains(
              "::error title=Invalid input%3A retries::Input 'retries' must be a whole number from 0 to 10, got 'eleven'")
          .contains("::error title=Invalid input%3A deployment-config-id::");
      assertThat(nunu.requests()).isEmpty();
    }
  }

  @Test
  void dockerStopCancelsStopsTheRunsAndWritesTheOutputs() throws Exception {
    nunu.pollsBeforeCompletion(1_000_000);
    Map<String, String> inputs =
        Map.of(
            "test-id",
            NunuSimulator.TEST_PASS,
            "deployment-config-id",
            NunuSimulator.DEPLOYMENT_CONFIG,
            "poll-interval-seconds",
            "5");
    try (var container = container(inputs)) {
      container.start();
      await(
          () ->
              nunu.requestLines().stream().anyMatch(line -> line.startsWith("GET /api/v1/jobs/")));

      long stopping = System.nanoTime();
      docker.stopContainerCmd(container.getContainerId()).withTimeout(10).exec();
      Duration stopped = Duration.ofNanos(System.nanoTime() - stopping);
      String logs = container.getLogs();

      assertThat(exitCode(container)).as(logs).isEqualTo(ExitCode.SIGTERM.code());
      assertThat(stopped)
          .as("cleaned up well before docker stop's 10 s")
          .isLessThan(Duration.ofSeconds(5));
      assertThat(nunu.jobStopped(nunu.jobIds().get(0))).isTrue();
      assertThat(heredocs("set_output")).containsEntry("result", "cancelled");
      assertThat(Files.readString(fileCommands.resolve("step_summary")))
          .startsWith("## 🛑 nunu.ai: cancelled");
    }
  }

  @Test
  void thePostEntrypointStopsRunsThatAKilledMainStepLeftBehind() throws Exception {
    nunu.pollsBeforeCompletion(1_000_000);
    new ActionHarness(workspace, nunu.apiUrl(), nunu.artifactsUrl(), NunuSimulator.API_KEY)
        .input("test-id", NunuSimulator.TEST_PASS)
        .input("deployment-config-id", NunuSimulator.DEPLOYMENT_CONFIG)
        .input("wait", "false")
        .run();
    String jobId = nunu.jobIds().get(0);

    try (var container =
        container(Map.of("test-id", NunuSimulator.TEST_PASS))
            .withEnv("STATE_job-ids", "[\"" + jobId + "\"]")
            .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("/opt/nunu-action/post"))
            .withStartupCheckStrategy(new UntilExited().withTimeout(Duration.ofMinutes(1)))) {
      container.start();
      String logs = container.getLogs();

      assertThat(exitCode(container)).as(logs).isZero();
      assertThat(nunu.jobStopped(jobId)).as(logs).isTrue();
      assertThat(logs).contains("Stopped 1 of 1 job(s)");
    }
  }

  /** The container as the runner creates it for this action's step. */
  private GenericContainer<?> container(Map<String, String> inputs) {
    var env = new LinkedHashMap<String, String>();
    ActionYml.inputs()
        .forEach((name, value) -> env.put("INPUT_" + name.toUpperCase(Locale.ROOT), value));
    env.put("INPUT_API-KEY", NunuSimulator.API_KEY);
    env.put("INPUT_API-URL", nunu.apiUrl().toString());
    env.put("INPUT_ARTIFACTS-URL", nunu.artifactsUrl().toString());
    inputs.forEach((name, value) -> env.put("INPUT_" + name.toUpperCase(Locale.ROOT), value));
    env.put("GITHUB_ACTIONS", "true");
    env.put("CI", "true");
    env.put("HOME", "/github/home");
    env.put("GITHUB_WORKSPACE", "/github/workspace");
    env.put("GITHUB_REPOSITORY", "studio/game");
    env.put("GITHUB_RUN_NUMBER", "7");
    env.put("GITHUB_OUTPUT", "/github/file_commands/set_output");
    env.put("GITHUB_STEP_SUMMARY", "/github/file_commands/step_summary");
    env.put("GITHUB_STATE", "/github/file_commands/save_state");
    return new GenericContainer<>(image)
        .withNetworkMode("host")
        .withEnv(env)
        .withWorkingDirectory("/github/workspace")
        .withFileSystemBind(workspace.toString(), "/github/workspace", BindMode.READ_WRITE)
        .withFileSystemBind(fileCommands.toString(), "/github/file_commands", BindMode.READ_WRITE);
  }

  private long exitCode(GenericContainer<?> container) {
    return docker
        .inspectContainerCmd(container.getContainerId())
        .exec()
        .getState()
        .getExitCodeLong();
  }

  private Map<String, String> heredocs(String file) throws Exception {
    var result =
        new ActionHarness.Result(
            0, "", "", Files.readString(fileCommands.resolve(file)), "", "", workspace);
    return result.outputs();
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 60 s").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  /** Started means exited, whatever the exit code: the tests assert it. */
  static final class UntilExited extends StartupCheckStrategy {
    @Override
    public StartupStatus checkStartupState(DockerClient client, String containerId) {
      return Boolean.TRUE.equals(getCurrentState(client, containerId).getRunning())
          ? StartupStatus.NOT_YET_KNOWN
          : StartupStatus.SUCCESSFUL;
    }
  }
}
