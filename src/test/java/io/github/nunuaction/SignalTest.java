package io.github.nunuaction;

import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.nunuaction.simulator.NunuSimulator;
import io.github.nunuaction.testing.ActionYml;
import io.github.nunuaction.testing.Stubs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real signals to a real JVM running {@link Main}, as {@code docker stop} sends them when a
 * workflow is cancelled: the action cleans up on the server, writes its outputs and exits 130 or
 * 143.
 */
class SignalTest {
  static final String BUILD = "123e4567-e89b-12d3-a456-426614174000";

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @TempDir Path workspace;

  @Test
  void sigtermDuringTheUploadAbortsItAndExits143() throws Exception {
    wm.stubFor(Stubs.noIdenticalBuild());
    wm.stubFor(
        post("/api/v1/builds/upload")
            .willReturn(
                okJson(
                    """
        {"upload_type": "single-part", "build_id": "%s", "upload_url": "%s/storage/build?X-Amz-Signature=s",
         "object_key": "k/game.apk"}"""
                        .formatted(BUILD, wm.baseUrl()))));
    wm.stubFor(
        put(urlPathEqualTo("/storage/build"))
            .willReturn(ok().withHeader("ETag", "\"e\"").withFixedDelay(60_000)));
    wm.stubFor(
        delete(urlPathEqualTo("/api/v1/builds/upload")).willReturn(okJson("{\"success\": true}")));
    Files.write(workspace.resolve("game.apk"), new byte[2_000_000]);
    Process action = start(Map.of("build-file", "game.apk", "api-url", wm.baseUrl() + "/api/v1"));

    awaitTrue(
        () -> !wm.findAll(putRequestedFor(urlPathEqualTo("/storage/build"))).isEmpty(), action);
    action.destroy(); // SIGTERM
    long signalled = System.nanoTime();

    assertThat(action.waitFor(15, TimeUnit.SECONDS)).as("exited").isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(Duration.ofSeconds(5));
    assertThat(action.exitValue()).as(log()).isEqualTo(ExitCode.SIGTERM.code());
    wm.verify(
        deleteRequestedFor(urlPathEqualTo("/api/v1/builds/upload"))
            .withQueryParam("build_id", equalTo(BUILD)));
    assertThat(Files.readString(workspace.resolve("output")))
        .contains("result<<")
        .contains("\ncancelled\n");
    assertThat(Files.readString(workspace.resolve("summary")))
        .startsWith("## 🛑 nunu.ai: cancelled");
  }

  @ParameterizedTest
  @CsvSource({"INT, 130", "TERM, 143"})
  void aSignalWhileWaitingStopsTheRunsAndExitsWithItsCode(String signal, int exitCode)
      throws Exception {
    try (var nunu = NunuSimulator.start().pollsBeforeCompletion(1_000_000)) {
      Process action =
          start(
              Map.of(
                  "test-id",
                  NunuSimulator.TEST_PASS,
                  "deployment-config-id",
                  NunuSimulator.DEPLOYMENT_CONFIG,
                  "api-url",
                  nunu.apiUrl().toString(),
                  "poll-interval-seconds",
                  "5"));

      awaitTrue(
          () -> nunu.requestLines().stream().anyMatch(line -> line.startsWith("GET /api/v1/jobs/")),
          action);
      new ProcessBuilder("kill", "-" + signal, String.valueOf(action.pid())).start().waitFor();
      long signalled = System.nanoTime();

      assertThat(action.waitFor(15, TimeUnit.SECONDS)).as("exited").isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(Duration.ofSeconds(5));
      assertThat(action.exitValue()).as(log()).isEqualTo(exitCode);
      String jobId = nunu.jobIds().get(0);
      assertThat(nunu.jobStopped(jobId)).as("the run was stopped").isTrue();
      assertThat(nunu.requests())
          .filteredOn(r -> r.path().equals("/api/v1/runs/stop"))
          .singleElement()
          .satisfies(stop -> assertThat(stop.body()).contains(jobId));
      String outputs = Files.readString(workspace.resolve("output"));
      assertThat(outputs).contains("\ncancelled\n").contains(jobId);
      assertThat(Files.readString(workspace.resolve("nunu-results/results.json")))
          .contains("\"result\" : \"cancelled\"");
    }
  }

  private Process start(Map<String, String> inputs) throws Exception {
    var builder =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("INPUT_") || name.startsWith("GITHUB_"));
    ActionYml.inputs()
        .forEach((name, value) -> env.put("INPUT_" + name.toUpperCase(Locale.ROOT), value));
    env.put("INPUT_API-KEY", NunuSimulator.API_KEY);
    inputs.forEach((name, value) -> env.put("INPUT_" + name.toUpperCase(Locale.ROOT), value));
    env.put("GITHUB_ACTIONS", "true");
    env.put("GITHUB_WORKSPACE", workspace.toString());
    env.put("GITHUB_OUTPUT", workspace.resolve("output").toString());
    env.put("GITHUB_STEP_SUMMARY", workspace.resolve("summary").toString());
    builder.redirectErrorStream(true).redirectOutput(workspace.resolve("log").toFile());
    return builder.start();
  }

  private String log() throws Exception {
    return Files.readString(workspace.resolve("log"));
  }

  private void awaitTrue(BooleanSupplier condition, Process action) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertThat(action.isAlive())
          .as(
              "the action is still running: %s",
              new Object() {
                @Override
                public String toString() {
                  try {
                    return log();
                  } catch (Exception e) {
                    return e.toString();
                  }
                }
              })
          .isTrue();
      assertThat(System.nanoTime())
          .as("waited 30 s for the action to get there")
          .isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
