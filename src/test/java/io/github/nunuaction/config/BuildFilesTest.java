package io.github.nunuaction.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.nunuaction.config.Inputs.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildFilesTest {
  @TempDir Path workspace;

  Path file(String relative) throws Exception {
    Path file = workspace.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "build");
    return file;
  }

  @Test
  void plainPathsAndGlobsThatMatchOneFile() throws Exception {
    Path apk = file("out/android/game-1.2.apk");
    file("out/android/mapping.txt");
    assertThat(BuildFiles.resolve(workspace, "out/android/game-1.2.apk")).isEqualTo(apk);
    assertThat(BuildFiles.resolve(workspace, "out/**/*.apk")).isEqualTo(apk);
    assertThat(BuildFiles.resolve(workspace, "**/*.apk")).isEqualTo(apk);
    assertThat(BuildFiles.resolve(workspace, "out/android/game-*.apk")).isEqualTo(apk);
  }

  @Test
  void doubleStarAlsoMatchesTheTopFolder() throws Exception {
    Path ipa = file("Game.ipa");
    assertThat(BuildFiles.resolve(workspace, "**/*.ipa")).isEqualTo(ipa);
  }

  @Test
  void aGlobMatchingSeveralFilesListsThem() throws Exception {
    file("out/a.apk");
    file("out/b.apk");
    assertThatThrownBy(() -> BuildFiles.resolve(workspace, "out/*.apk"))
        .hasMessage(
            "the glob 'out/*.apk' must match exactly one file but matches 2: out/a.apk, out/b.apk");
  }

  @Test
  void missingFilesDirectoriesAndEmptyGlobsAreExplained() throws Exception {
    Files.createDirectories(workspace.resolve("Game.app"));
    assertThatThrownBy(() -> BuildFiles.resolve(workspace, "missing.apk"))
        .hasMessageStartingWith("'missing.apk' does not exist");
    assertThatThrownBy(() -> BuildFiles.resolve(workspace, "Game.app"))
        .hasMessageContaining("is a directory");
    assertThatThrownBy(() -> BuildFiles.resolve(workspace, "**/*.exe"))
        .hasMessageStartingWith("the glob '**/*.exe' matches no file");
  }

  @Test
  void platformsFromExtensionsLikeTheOfficialCli() {
    assertThat(BuildFiles.platformOf(Path.of("a.apk"))).contains(Platform.ANDROID);
    assertThat(BuildFiles.platformOf(Path.of("a.IPA"))).contains(Platform.IOS_NATIVE);
    assertThat(BuildFiles.platformOf(Path.of("setup.exe"))).contains(Platform.WINDOWS);
    assertThat(BuildFiles.platformOf(Path.of("setup.msi"))).contains(Platform.WINDOWS);
    assertThat(BuildFiles.platformOf(Path.of("a.dmg"))).contains(Platform.MACOS);
    assertThat(BuildFiles.platformOf(Path.of("a.pkg"))).contains(Platform.MACOS);
    assertThat(BuildFiles.platformOf(Path.of("a.deb"))).contains(Platform.LINUX);
    assertThat(BuildFiles.platformOf(Path.of("a.rpm"))).contains(Platform.LINUX);
    assertThat(BuildFiles.platformOf(Path.of("Game.AppImage"))).contains(Platform.LINUX);
    assertThat(BuildFiles.platformOf(Path.of("game.zip"))).isEmpty();
    assertThat(BuildFiles.platformOf(Path.of("Game.app"))).isEmpty();
    assertThat(BuildFiles.platformOf(Path.of("game"))).isEmpty();
  }
}
