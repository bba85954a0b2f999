package io.github.nunuaction.nunu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.nunuaction.core.Json;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The body of {@code POST /runs} (API.md 2.2.1): what to start, where it runs, the tags it carries,
 * and how the agent runs it. Written as JSON only here.
 *
 * @param tags {@code additional_tags}: the user's tags and the run's identity, as sent
 * @param agentConfigId an agent config id, or null
 * @param templateData template variables (then {@code render_templates: true}), or null
 * @param options execution options, or null
 */
public record StartRequest(
    Target target,
    Deployment deployment,
    List<String> tags,
    String agentConfigId,
    JsonNode templateData,
    JsonNode options) {

  public StartRequest {
    tags = List.copyOf(tags);
  }

  /** Exactly one of the three things a run starts. */
  public sealed interface Target permits Test, Plan, Instructions {}

  /** A test ({@code multiplayer_test_id}), with its retries and instances (sent when not 0/1). */
  public record Test(String testId, int retries, int instances) implements Target {}

  public record Plan(String testPlanId) implements Target {}

  /** An ephemeral test, with its name (or null for nunu's default). */
  public record Instructions(String text, String name) implements Target {}

  /**
   * Where the run goes: the default deployment config (null when every player has one), the main
   * app's build, extra apps' builds by app number, a config per player, and every device.
   */
  public record Deployment(
      String configId,
      String buildId,
      Map<Integer, String> extraBuildIds,
      Map<Integer, Player> players,
      boolean allDevices) {
    public Deployment {
      extraBuildIds = new TreeMap<>(extraBuildIds);
      players = new TreeMap<>(players);
    }
  }

  /** One player's deployment in a cross-platform test. */
  public record Player(String configId, String buildId, Map<Integer, String> extraBuildIds) {
    public Player {
      extraBuildIds = new TreeMap<>(extraBuildIds);
    }
  }

  ObjectNode json() {
    ObjectNode body = Json.object();
    switch (target) {
      case Test test -> {
        body.put("multiplayer_test_id", test.testId());
        if (test.retries() > 0) {
          body.put("retries", test.retries());
        }
        if (test.instances() > 1) {
          body.put("instances", test.instances());
        }
      }
      case Plan plan -> body.put("test_plan_id", plan.testPlanId());
      case Instructions instructions -> {
        body.put("instructions", instructions.text());
        if (instructions.name() != null) {
          body.put("name", instructions.name());
        }
      }
    }
    if (deployment.configId() != null) {
      body.put("deployment_config_id", deployment.configId());
    }
    if (deployment.buildId() != null) {
      body.put("build_id", deployment.buildId());
    }
    if (!deployment.extraBuildIds().isEmpty()) {
      body.set("extra_build_ids", apps(deployment.extraBuildIds()));
    }
    if (!deployment.players().isEmpty()) {
      ObjectNode players = body.putObject("player_deployment_configs");
      deployment
          .players()
          .forEach(
              (number, player) -> {
                ObjectNode entry = players.putObject(String.valueOf(number));
                entry.put("deployment_config_id", player.configId());
                if (player.buildId() != null) {
                  entry.put("build_id", player.buildId());
                }
                if (!player.extraBuildIds().isEmpty()) {
                  entry.set("extra_build_ids", apps(player.extraBuildIds()));
                }
              });
    }
    if (deployment.allDevices()) {
      body.put("run_on_all_configured_devices", true);
    }
    if (agentConfigId != null) {
      body.put("agent_config_id", agentConfigId);
    }
    if (!tags.isEmpty()) {
      tags.forEach(body.putArray("additional_tags")::add);
    }
    if (templateData != null) {
      body.put("render_templates", true);
      body.set("template_data", templateData.deepCopy());
    }
    if (options != null) {
      body.set("options", options.deepCopy());
    }
    return body;
  }

  /** {@code {"1": id, ...}}. */
  private static ObjectNode apps(Map<Integer, String> builds) {
    ObjectNode apps = Json.object();
    builds.forEach((app, id) -> apps.put(String.valueOf(app), id));
    return apps;
  }
}
