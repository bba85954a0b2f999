package io.github.nunuaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nunuaction.simulator.NunuSimulator;
import io.github.nunuaction.testing.ActionHarness;
import io.github.nunuaction.testing.ActionHarness.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In GitHub Actions the action reads and writes only inside GITHUB_WORKSPACE, judged after '..' and
 * symbolic links: anything else is invalid input, refused before a single request. Outside Actions
 * other paths are allowed, and said.
 */
class WorkspaceBoundaryTest {
  @TempDir Path workspace;
  @TempDir Path elsewhere;
  NunuSimulator nunu;
  ActionHarness action;

  @BeforeEach
  void start() throws Exception {
    nunu = NunuSimulator.start();
    action =
        new ActionHarness(workspace, nunu.apiUrl(), nunu.artifactsUrl(), NunuSimulator.API_KEY)
            .input("project-id", NunuSimulator.PROJECT);
    Files.write(elsewhere.resolve("secret.apk"), new byte[] {1, 2, 3});
    action.file("game.apk", new byte[] {4, 5, 6});
  }

  @AfterEach
  void stop() {
    nunu.close();
  }

  @Test
  void aRelativePathClimbingOutIsRefused() {
    Path relative = workspace.relativize(elsewhere.resolve("secret.apk"));
    refused(action.input("build-file", relative.toString()).run(), "build-file");
  }

  @Test
  void anAbsolutePathOutsideIsRefused() {
    refused(
        action.input("build-file", elsewhere.resolve("secret.apk").toString()).run(), "build-file");
  }

  @Test
  void aSymbolicLinkOutIsRefused() throws Exception {
    Files.createSymbolicLink(workspace.resolve("link.apk"), elsewhere.resolve("secret.apk"));
    refused(action.input("build-file", "link.apk").run(), "build-file");
  }

  @Test
  void aSymbolicLinkThatStaysInsideIsAllowed() throws Exception {
    Files.createDirectories(workspace.resolve("out"));
    Files.createSymbolicLink(workspace.resolve("out/latest.apk"), workspace.resolve("game.apk"));

    Result result = action.input("build-file", "out/latest.apk").run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(nunu.uploadedBytes(result.outputs().get("build-id")))
        .isEqualTo(new byte[] {4, 5, 6});
  }

  @Test
  void aResultsFolderOutsideIsRefused() throws Exception {
    refused(
        action.input("build-file", "game.apk").input("results-dir", "../results").run(),
        "results-dir");
    Files.createSymbolicLink(workspace.resolve("reports"), elsewhere);
    refused(action.input("results-dir", "reports/nunu").run(), "results-dir");
  }

  @Test
  void anEmptyBuildFileIsInvalidInput() {
    action.file("empty.apk", new byte[0]);
    Result result = action.input("build-file", "empty.apk").run();

    refused(result, "build-file");
    assertThat(result.stdout()).contains("'empty.apk' is empty (0 bytes)");
  }

  @Test
  void outsideGitHubActionsAPathOutsideIsAllowedAndSaid() throws Exception {
    Result result =
        action
            .env("GITHUB_ACTIONS", null)
            .input("build-file", elsewhere.resolve("secret.apk").toString())
            .run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(result.stdout())
        .contains(
            "Note: build-file resolves to "
                + elsewhere.toRealPath().resolve("secret.apk")
                + ", outside the working directory "
                + workspace);
  }

  private void refused(Result result, String input) {
    assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCode.INVALID_INPUT.code());
    assertThat(result.stdout())
        .contains("::error title=Invalid input%3A " + input + "::Input '" + input + "' ")
        .containsPattern("outside the workspace|is empty");
    assertThat(nunu.requests()).as("nothing was sent").isEmpty();
  }
}
