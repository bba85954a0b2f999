package io.github.nunuaction.runs;

import io.github.nunuaction.config.Inputs.InstructionsTarget;
import io.github.nunuaction.config.Inputs.PlanTarget;
import io.github.nunuaction.config.Inputs.Run;
import io.github.nunuaction.config.Inputs.Target;
import io.github.nunuaction.config.Inputs.TestTarget;
import io.github.nunuaction.nunu.StartRequest;
import io.github.nunuaction.results.RoleBuild;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code POST /runs} is asked to start for each way the inputs start a test (API.md 2.2.1).
 */
public final class RunRequests {
  private RunRequests() {}

  /**
   * The tags a start sends: the user's {@code tags}, then the run's identity, each once. Built once
   * per start, so that looking the start up asks for exactly what it sent.
   */
  public static List<String> tags(Run run, List<String> identityTags) {
    var tags = new LinkedHashSet<String>(run.tags());
    tags.addAll(identityTags);
    return List.copyOf(tags);
  }

  /**
   * The start of {@code run} on these builds.
   *
   * @param buildIds the builds by role ({@code main}, {@code extra-1}, {@code player-2}, {@code
   *     player-2-extra-1}, ...), as uploaded or given
   * @param tags what {@link #tags} gave
   */
  public static StartRequest request(Run run, Map<String, String> buildIds, List<String> tags) {
    var players = new TreeMap<Integer, StartRequest.Player>();
    run.players()
        .forEach(
            (number, player) ->
                players.put(
                    number,
                    new StartRequest.Player(
                        player.deploymentConfigId(),
                        buildIds.get("player-" + number),
                        extraApps(buildIds, "player-" + number + "-extra-"))));
    return new StartRequest(
        target(run.target()),
        new StartRequest.Deployment(
            run.deploymentConfigId(),
            buildIds.get(RoleBuild.MAIN),
            extraApps(buildIds, "extra-"),
            players,
            run.allDevices()),
        tags,
        run.agentConfigId(),
        run.templateData(),
        run.options());
  }

  /** What a run starts, as nunu's request names it. */
  public static StartRequest.Target target(Target target) {
    return switch (target) {
      case TestTarget test ->
          new StartRequest.Test(test.testId(), test.retries(), test.instances());
      case PlanTarget plan -> new StartRequest.Plan(plan.testPlanId());
      case InstructionsTarget instructions ->
          new StartRequest.Instructions(instructions.text(), instructions.runName());
    };
  }

  /** App number → build, from the builds whose role is {@code prefix} and an app number. */
  private static Map<Integer, String> extraApps(Map<String, String> buildIds, String prefix) {
    var apps = new TreeMap<Integer, String>();
    for (int app = 1; app <= 3; app++) {
      String id = buildIds.get(prefix + app);
      if (id != null) {
        apps.put(app, id);
      }
    }
    return apps;
  }

  /** The deployment configs the inputs give: {@code default}, and {@code player-N} for each. */
  public static Map<String, String> configs(Run run) {
    var configs = new LinkedHashMap<String, String>();
    if (run.deploymentConfigId() != null) {
      configs.put("default", run.deploymentConfigId());
    }
    run.players()
        .forEach((number, player) -> configs.put("player-" + number, player.deploymentConfigId()));
    return configs;
  }

  /** How the summary names what was started. */
  public static String describe(Run run) {
    return switch (run.target()) {
      case TestTarget test -> "test " + test.testId();
      case PlanTarget plan -> "test plan " + plan.testPlanId();
      case InstructionsTarget instructions ->
          "ephemeral test"
              + (instructions.runName() == null ? "" : " \"" + instructions.runName() + "\"");
    };
  }
}
