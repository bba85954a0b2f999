package io.github.nunuaction.simulator;

import static io.github.nunuaction.simulator.NunuSimulator.DEPLOYMENT_CONFIG;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nunuaction.simulator.SimState.SimJob;

/**
 * What a start may deploy where (API.md 2.2.1, 2.7): the deployment config and its builds by app,
 * and the device each job runs on.
 */
final class Deployments {
  private final SimState sim;

  Deployments(SimState sim) {
    this.sim = sim;
  }

  /**
   * Why nunu refuses this start's deployments ("400 ..." or "404 ..."), as API.md 2.2.1 documents
   * it; null when it does not.
   */
  String refusedDeployment(JsonNode body, String selector) {
    String defaultId = body.path("deployment_config_id").asText(null);
    SimConfig config = defaultId == null ? null : sim.configs.get(defaultId);
    if (defaultId != null && config == null) {
      return "404 deployment config not found";
    }
    JsonNode players = body.path("player_deployment_configs");
    boolean allDevices = body.path("run_on_all_configured_devices").asBoolean(false);
    if (!players.isMissingNode() && !players.isEmpty()) {
      if (!selector.equals("multiplayer_test_id")) {
        return "400 player_deployment_configs is only for multiplayer tests (multiplayer_test_id)";
      }
      if (allDevices) {
        return "400 run_on_all_configured_devices cannot be combined with player_deployment_configs";
      }
      SimTest test = sim.tests.get(body.path("multiplayer_test_id").asText());
      int count = test == null ? 1 : test.players();
      for (var player : players.properties()) {
        if (!player.getKey().matches("[1-9][0-9]*") || Integer.parseInt(player.getKey()) > count) {
          return "400 the test has no player " + player.getKey();
        }
        String playerConfigId = player.getValue().path("deployment_config_id").asText(null);
        if (playerConfigId == null) {
          return "400 player " + player.getKey() + ": deployment_config_id is required";
        }
        SimConfig playerConfig = sim.configs.get(playerConfigId);
        if (playerConfig == null) {
          return "404 deployment config not found";
        }
        String why = refusedBuilds(player.getValue(), playerConfig);
        if (why != null) {
          return why;
        }
      }
      if (config == null && players.size() < count) {
        return "400 deployment_config_id is required unless player_deployment_configs covers every player";
      }
    } else if (config == null) {
      return "400 deployment_config_id is required";
    }
    if (allDevices && !config.multiDevice()) {
      return "400 multi-device runs are not enabled for this deployment config";
    }
    return config == null ? null : refusedBuilds(body, config);
  }

  /** The builds of one deployment: ready, and for apps that take builds from Build Storage. */
  String refusedBuilds(JsonNode deployment, SimConfig config) {
    String buildId = deployment.path("build_id").asText(null);
    if (buildId != null) {
      if (!config.takesBuilds()) {
        return "400 build_id works only with deployment configs whose build source is Build Storage";
      }
      if (!sim.readyBuilds.contains(buildId)) {
        return "404 build not found";
      }
    }
    for (var extra : deployment.path("extra_build_ids").properties()) {
      String source =
          extra.getKey().matches("[1-3]")
              ? config.extraApps().get(Integer.parseInt(extra.getKey()))
              : null;
      if (source == null) {
        return "400 the deployment config has no extra app " + extra.getKey();
      }
      if (!source.equals("build_storage")) {
        return "400 extra app " + extra.getKey() + " does not take builds from Build Storage";
      }
      if (!sim.readyBuilds.contains(extra.getValue().asText())) {
        return "404 build not found";
      }
    }
    return null;
  }

  /** Where a job runs, as the start asked: its config, its extra apps' and players' builds. */
  void deploy(SimJob job, JsonNode body) {
    job.hero = body.path("template_data").path("hero").asText(null);
    if (body.hasNonNull("deployment_config_id")) {
      job.configId = body.get("deployment_config_id").asText();
    }
    body.path("extra_build_ids")
        .properties()
        .forEach(e -> job.extraBuilds.put(Integer.parseInt(e.getKey()), e.getValue().asText()));
    body.path("player_deployment_configs")
        .properties()
        .forEach(
            e ->
                job.playerDeployments.put(
                    Integer.parseInt(e.getKey()),
                    new String[] {
                      e.getValue().path("deployment_config_id").asText(),
                      e.getValue().path("build_id").asText(null)
                    }));
  }

  /** The deployment config player {@code player} of a job runs on. */
  SimConfig configOf(SimJob job, int player) {
    String[] deployment = job.playerDeployments.get(player);
    SimConfig config = sim.configs.get(deployment != null ? deployment[0] : job.configId);
    return config != null ? config : sim.configs.get(DEPLOYMENT_CONFIG);
  }

  /** The device a job runs on: its own (a multi-device run), else its config's first. */
  String device(SimJob job) {
    return job.device != null ? job.device : configOf(job, 1).devices().get(0);
  }
}
