package io.github.nunuaction.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nunuaction.actions.Commands;
import io.github.nunuaction.config.Inputs.Build;
import io.github.nunuaction.config.Inputs.ExistingBuild;
import io.github.nunuaction.config.Inputs.InstructionsTarget;
import io.github.nunuaction.config.Inputs.NoBuild;
import io.github.nunuaction.config.Inputs.PlanTarget;
import io.github.nunuaction.config.Inputs.Player;
import io.github.nunuaction.config.Inputs.Rerun;
import io.github.nunuaction.config.Inputs.Run;
import io.github.nunuaction.config.Inputs.Supersede;
import io.github.nunuaction.config.Inputs.Target;
import io.github.nunuaction.config.Inputs.TestTarget;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What to start: the test, plan or instructions, the deployment configs and builds of every app and
 * player, the agent, tags, template data and options, and how re-runs and supersede behave.
 */
final class RunInputs {
  private final InputReader in;
  private final BuildInputs builds;

  RunInputs(InputReader in, BuildInputs builds) {
    this.in = in;
    this.builds = builds;
  }

  Run read() {
    String testId = in.text("test-id");
    String testPlanId = in.text("test-plan-id");
    String instructions = in.text("instructions");
    long selectors =
        Arrays.asList(testId, testPlanId, instructions).stream().filter(v -> v != null).count();
    int retries = in.integer("retries", 0, 0, 10);
    int instances = in.integer("instances", 1, 1, 10);
    String runName = in.text("run-name");
    if (selectors > 1) {
      in.problem(
          "test-id",
          "test-id, test-plan-id and instructions exclude each other: give exactly one of them");
    }
    if (testId == null && retries != 0) {
      in.problem(
          "retries",
          "only applies to test-id (test plans set retries per test in nunu); remove it or use test-id");
    }
    if (testId == null && instances != 1) {
      in.problem("instances", "only applies to test-id; remove it or use test-id");
    }
    if (instructions == null && runName != null) {
      in.problem(
          "run-name",
          "only applies to instructions (an ephemeral test); remove it or set instructions");
    }
    String deploymentConfigId = in.uuid("deployment-config-id");
    // API.md 2.7 shows agent config ids like ac_default, not only UUIDs. Seed 001 makes it
    // optional for every variant; when nunu wants one after all, its refusal says to set it.
    String agentConfigId = in.text("agent-config-id");
    if (agentConfigId != null && !InputReader.TOKEN.matcher(agentConfigId).matches()) {
      in.problem(
          "agent-config-id",
          "must be an agent config id: a UUID or a name like ac_default (1-100 letters, digits,"
              + " '-' or '_'; nunu, Project, Agent configs), got '"
              + agentConfigId
              + "'");
      agentConfigId = null;
    }
    List<String> tags = in.list("tags");
    JsonNode templateData = in.map("template-data");
    JsonNode options = in.map("options");
    boolean allDevices = in.bool("all-devices", false);
    int retryFailed = in.integer("retry-failed", 0, 0, 3);
    Map<Integer, Build> extraBuilds = appBuilds("extra-builds", in.map("extra-builds"), "extra-");
    Map<Integer, Player> players = players(in.map("players"));
    if (selectors == 0) {
      if (retryFailed > 0) {
        in.problem(
            "retry-failed",
            "only applies when a run is started: set test-id, test-plan-id or instructions");
      }
      for (String runOnly :
          List.of(
              "deployment-config-id",
              "agent-config-id",
              "tags",
              "template-data",
              "options",
              "extra-builds",
              "players")) {
        if (in.text(runOnly) != null) {
          in.problem(
              runOnly,
              "only applies when a run is started: set test-id, test-plan-id or instructions");
        }
      }
      return null;
    }
    if (allDevices && selectors == 0) {
      in.problem("all-devices", "only applies when a run is started: set test-id or test-plan-id");
    }
    boolean defaultConfig = in.text("deployment-config-id") != null;
    if (!defaultConfig && players.isEmpty()) {
      in.problem(
          "deployment-config-id",
          "is required when a run is started: the id of a deployment config (nunu, Project, Deployment configs)");
    }
    CrossChecks.deployments(in, testId, defaultConfig, extraBuilds, players, allDevices);
    if (retryFailed > 0 && allDevices) {
      in.problem(
          "retry-failed",
          "cannot be combined with all-devices: nunu starts a run on one chosen device only"
              + " through its deployment config, so a retry could not go to the device that"
              + " failed. Use a deployment config with that device alone, or retry-failed: 0");
    }
    if (testId != null) {
      in.checkUuid("test-id", testId);
    }
    if (testPlanId != null) {
      in.checkUuid("test-plan-id", testPlanId);
    }
    Target target =
        testId != null
            ? new TestTarget(testId, retries, instances)
            : testPlanId != null
                ? new PlanTarget(testPlanId)
                : new InstructionsTarget(instructions, runName);
    return new Run(
        target,
        deploymentConfigId,
        extraBuilds,
        players,
        allDevices,
        agentConfigId,
        tags,
        templateData,
        options,
        in.choice("supersede", Supersede.NONE, Supersede.values(), InputReader::lowerName),
        in.choice("rerun", Rerun.FAILED, Rerun.values(), InputReader::lowerName),
        retryFailed);
  }

  /** The builds of extra apps 1-3, by number; each a build id or a file to upload. */
  private Map<Integer, Build> appBuilds(String input, JsonNode map, String rolePrefix) {
    var builds = new TreeMap<Integer, Build>();
    if (map == null) {
      return builds;
    }
    for (var entry : map.properties()) {
      Integer app = number(entry.getKey(), 3);
      if (app == null) {
        in.problem(
            input,
            "keys are extra app numbers, 1, 2 or 3 (as the deployment config numbers its extra"
                + " apps); got '"
                + Commands.oneLine(entry.getKey())
                + "'");
        continue;
      }
      Build build = buildNamed(input, entry.getValue(), rolePrefix + app);
      if (build != null) {
        builds.put(app, build);
      }
    }
    return builds;
  }

  /** A value naming a build: an uploaded build's id, or a file or glob in the workspace. */
  private Build buildNamed(String input, JsonNode value, String role) {
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      in.problem(
          input,
          role
              + ": give a file or glob in the workspace to upload, or the id of an uploaded build;"
              + " got "
              + (value == null ? "nothing" : Commands.oneLine(value.toString())));
      return null;
    }
    String text = value.asText().strip();
    return InputReader.UUID.matcher(text).matches()
        ? new ExistingBuild(text)
        : builds.fileToUpload(input, text, null, role);
  }

  private static final List<String> PLAYER_KEYS =
      List.of("deployment-config-id", "build", "extra-builds");

  /** The {@code players} map: a deployment config, and builds, per player number. */
  private Map<Integer, Player> players(JsonNode map) {
    var players = new TreeMap<Integer, Player>();
    if (map == null) {
      return players;
    }
    for (var entry : map.properties()) {
      Integer number = number(entry.getKey(), 100);
      if (number == null) {
        in.problem(
            "players",
            "keys are player numbers (1, 2, ...); got '" + Commands.oneLine(entry.getKey()) + "'");
        continue;
      }
      String label = "player " + number;
      JsonNode player = entry.getValue();
      if (!player.isObject()) {
        in.problem(
            "players",
            label
                + ": give a map with deployment-config-id, and optionally build and extra-builds");
        continue;
      }
      for (var key : player.properties()) {
        if (!PLAYER_KEYS.contains(key.getKey())) {
          in.problem(
              "players",
              label
                  + ": unknown key '"
                  + Commands.oneLine(key.getKey())
                  + "'; a player takes "
                  + String.join(", ", PLAYER_KEYS));
        }
      }
      JsonNode config = player.get("deployment-config-id");
      if (config == null || !config.isTextual()) {
        in.problem("players", label + ": deployment-config-id is required");
        continue;
      }
      if (!InputReader.UUID.matcher(config.asText().strip()).matches()) {
        in.problem(
            "players",
            label
                + ": deployment-config-id must be a UUID like"
                + " 123e4567-e89b-12d3-a456-426614174000, got '"
                + Commands.oneLine(config.asText())
                + "'");
        continue;
      }
      Build build =
          player.has("build")
              ? buildNamed("players", player.get("build"), "player-" + number)
              : new NoBuild();
      JsonNode extras = player.get("extra-builds");
      if (extras != null && !extras.isObject()) {
        in.problem("players", label + ": extra-builds must be a map from app number to a build");
        continue;
      }
      players.put(
          number,
          new Player(
              config.asText().strip(),
              build == null ? new NoBuild() : build,
              appBuilds("players", extras, "player-" + number + "-extra-")));
    }
    return players;
  }

  /** A map key that is a number from 1 to {@code max}; null for anything else. */
  private static Integer number(String key, int max) {
    if (!key.matches("[1-9][0-9]{0,2}")) {
      return null;
    }
    int number = Integer.parseInt(key);
    return number <= max ? number : null;
  }
}
