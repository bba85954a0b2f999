package io.github.nunuaction.runs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.nunuaction.config.Inputs.InstructionsTarget;
import io.github.nunuaction.config.Inputs.PlanTarget;
import io.github.nunuaction.config.Inputs.Run;
import io.github.nunuaction.config.Inputs.TestTarget;
import io.github.nunuaction.core.Json;
import io.github.nunuaction.results.RoleBuild;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** The body of {@code POST /runs} for each way to start a test (API.md section 2.2.1). */
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
   * @param buildIds the builds by role ({@code main}, {@code extra-1}, {@code player-2}, {@code
   *     player-2-extra-1}, ...), as uploaded or given
   * @param tags what {@link #tags} gave
   */
  public static ObjectNode body(Run run, Map<String, String> buildIds, List<String> tags) {
    ObjectNode body = Json.object();
    switch (run.target()) {
      case TestTarget test -> {
        body.put("multiplayer_test_id", test.testId());
        if (test.retries() > 0) {
          body.put("retries", test.retries());
        }
        if (test.instances() > 1) {
          body.put("instances", test.instances());
        }
      }
      case PlanTarget plan -> body.put("test_plan_id", plan.testPlanId());
      case InstructionsTarget instructions -> {
        body.put("instructions", instructions.text());
        if (instructions.runName() != null) {
          body.put("name", instructions.runName());
        }
      }
    }
    if (run.deploymentConfigId() != null) {
      body.put("deployment_config_id", run.deploymentConfigId());
    }
    if (buildIds.get(RoleBuild.MAIN) != null) {
      body.put("build_id", buildIds.get(RoleBuild.MAIN));
    }
    ObjectNode extras = extraApps(buildIds, "extra-");
    if (!extras.isEmpty()) {
      body.set("extra_build_ids", extras);
    }
    if (!run.players().isEmpty()) {
      ObjectNode players = body.putObject("player_deployment_configs");
      run.players()
          .forEach(
              (number, player) -> {
                ObjectNode entry = players.putObject(String.valueOf(number));
                entry.put("deployment_config_id", player.deploymentConfigId());
                String build = buildIds.get("player-" + number);
                if (build != null) {
                  entry.put("build_id", build);
                }
                ObjectNode playerExtras = extraApps(buildIds, "player-" + number + "-extra-");
                if (!playerExtras.isEmpty()) {
                  entry.set("extra_build_ids", playerExtras);
                }
              });
    }
    if (run.allDevices()) {
      body.put("run_on_all_configured_devices", true);
    }
    if (run.agentConfigId() != null) {
      body.put("agent_config_id", run.agentConfigId());
    }
    if (!tags.isEmpty()) {
      tags.forEach(body.putArray("additional_tags")::add);
    }
    if (run.templateData() != null) {
      body.put("render_templates", true);
      body.set("template_data", run.templateData());
    }
    if (run.options() != null) {
      body.set("options", run.options());
    }
    return body;
  }

  /** {@code {"1": id, ...}} from the builds whose role is {@code prefix} and an app number. */
  private static ObjectNode extraApps(Map<String, String> buildIds, String prefix) {
    ObjectNode apps = Json.object();
    for (int app = 1; app <= 3; app++) {
      String id = buildIds.get(prefix + app);
      if (id != null) {
        apps.put(String.valueOf(app), id);
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
