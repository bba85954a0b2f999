package io.github.nunuaction.config;

import io.github.nunuaction.config.Inputs.Build;
import io.github.nunuaction.config.Inputs.Player;
import java.util.List;
import java.util.Map;

/**
 * The rules across inputs that nunu would refuse with a 400 (API.md 2.2.1), checked before anything
 * is uploaded or started.
 */
final class CrossChecks {

  private CrossChecks() {}

  /**
   * The combinations nunu refuses with a 400 (API.md 2.2.1), refused here before anything is
   * uploaded or started.
   */
  static void deployments(
      InputReader in,
      String testId,
      boolean defaultConfig,
      Map<Integer, Build> extraBuilds,
      Map<Integer, Player> players,
      boolean allDevices) {
    if (!extraBuilds.isEmpty() && !defaultConfig) {
      in.problem(
          "extra-builds",
          "are builds for the extra apps of deployment-config-id: set deployment-config-id (each"
              + " player's extra apps go under players)");
    }
    if (players.isEmpty()) {
      return;
    }
    if (testId == null) {
      in.problem(
          "players",
          "only applies to test-id (a cross-platform multiplayer test): remove it, or start a test");
    }
    if (allDevices) {
      in.problem(
          "all-devices",
          "cannot be combined with players (nunu refuses it): one run per device needs one"
              + " deployment config for everyone");
    }
    if (!defaultConfig) {
      int expected = 1;
      for (int player : players.keySet()) {
        if (player != expected) {
          in.problem(
              "players",
              "without deployment-config-id, players must give every player a deployment config,"
                  + " from 1 on: player "
                  + expected
                  + " is missing. Add it, or set deployment-config-id as the default for the"
                  + " players not listed");
          break;
        }
        expected++;
      }
      for (String mainBuild : List.of("build-file", "build-id")) {
        if (in.text(mainBuild) != null) {
          in.problem(
              mainBuild,
              "is the build of deployment-config-id, which is not set: give each player its build"
                  + " under players, or set deployment-config-id");
        }
      }
    }
  }
}
