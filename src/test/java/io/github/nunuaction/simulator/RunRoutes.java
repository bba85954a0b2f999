package io.github.nunuaction.simulator;

import static io.github.nunuaction.simulator.NunuSimulator.PROJECT;
import static io.github.nunuaction.simulator.SimHttp.JSON;
import static io.github.nunuaction.simulator.SimHttp.error;
import static io.github.nunuaction.simulator.SimHttp.runId;
import static io.github.nunuaction.simulator.SimHttp.send;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.github.nunuaction.simulator.SimState.SimJob;
import io.github.nunuaction.simulator.SimState.SimRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Run details (API.md 2.2.3): players, steps, reports and artifacts; and the bugs of a run. */
final class RunRoutes {
  private final SimState sim;
  private final Deployments deployments;

  RunRoutes(SimState sim, Deployments deployments) {
    this.sim = sim;
    this.deployments = deployments;
  }

  void getRun(HttpExchange exchange, String runId) throws IOException {
    SimRun run = sim.runs.get(runId);
    if (run == null) {
      send(exchange, 404, error("run not found"));
      return;
    }
    send(exchange, 200, runJson(exchange, run));
  }

  /** Get Run's body (API.md 2.2.3); List Runs gives the same objects. */
  ObjectNode runJson(HttpExchange exchange, SimRun run) {
    SimTest test = run.job().test;
    String result = run.result();
    ObjectNode json = JSON.createObjectNode();
    json.put("multiplayer_run_id", run.id());
    json.put("job_id", run.job().id);
    json.put("project_id", PROJECT);
    json.put("state", result == null ? "RUNNING" : "COMPLETED");
    json.put("result", result);
    if (test.type().equals("verification")) {
      json.putObject("bug_info")
          .put("bug_label", test.bugs().isEmpty() ? "no_bugs" : "bugs")
          .put("bug_count", test.bugs().size());
    } else {
      json.putNull("bug_info");
    }
    json.putObject("test").put("id", test.id()).put("name", test.name()).put("type", test.type());
    if (run.job().buildId != null) {
      json.putObject("build").put("id", run.job().buildId).put("name", "simulated build");
    } else {
      json.putNull("build");
    }
    json.put("created_at", "2026-03-03T15:50:23.601012+00:00");
    json.put("started_at", "2026-03-03T15:50:23.601048+00:00");
    // Completion follows the job's creation, so that runs can be ordered by it.
    json.put(
        "completed_at", result == null ? null : run.job().createdAt.plusSeconds(240).toString());
    json.put("duration_ms", 240659.99);
    run.job().tags.forEach(json.putArray("tags")::add);
    json.put("templating_enabled", false);
    json.putNull("template_data");
    ArrayNode apps = json.putArray("apps");
    SimJob job = run.job();
    for (int p = 1; p <= (job.playerDeployments.isEmpty() ? 1 : test.players()); p++) {
      String[] deployment = job.playerDeployments.get(p);
      String build = deployment != null ? deployment[1] : job.buildId;
      ObjectNode app = apps.addObject().put("role", "main");
      if (!job.playerDeployments.isEmpty()) {
        app.put("player_number", p);
      }
      app.put(
          "provider_kind",
          deployments.configOf(job, p).takesBuilds() ? "build-storage" : "skip-install");
      app.put("build_id", build).put("build_name", build == null ? null : "simulated build");
    }
    job.extraBuilds.forEach(
        (number, build) ->
            apps.addObject()
                .put("role", "extra")
                .put("extra_app_number", number)
                .put("provider_kind", "build-storage")
                .put("build_id", build)
                .put("build_name", "simulated build"));
    ArrayNode players = json.putArray("players");
    for (int p = 1; p <= test.players(); p++) {
      SimConfig config = deployments.configOf(job, p);
      ObjectNode player = players.addObject();
      String composite = run.id() + "-" + p;
      player.put("id", composite);
      player.put("state", result == null ? "RUNNING" : "COMPLETED");
      player.put("result", result);
      player.put("player_number", p);
      player.put(
          "test_name", test.players() > 1 ? test.name() + " (player " + p + ")" : test.name());
      player.put(
          "composite_test_id",
          UUID.nameUUIDFromBytes(test.id().getBytes(StandardCharsets.UTF_8)).toString());
      player.put("step_count", 2);
      player.put("completed_step_count", "SUCCESS".equals(result) ? 2 : 1);
      ObjectNode device =
          player
              .putObject("platform")
              .put("kind", config.platformKind())
              .putObject("config")
              .putObject("device");
      device
          .put("name", job.device != null ? job.device : config.devices().get(0))
          .put("os_version", config.kind().equals("ios") ? "17" : "14");
      ArrayNode artifacts = player.putArray("artifacts");
      for (String[] artifact : artifactFiles()) {
        artifacts
            .addObject()
            .put("filename", artifact[0])
            .put("url", artifactUrl(sim.scheme, exchange, composite, artifact[0]))
            .put("size", Long.parseLong(artifact[1]))
            .put("uploaded_at", "2026-03-03T15:55:00.000000+00:00");
      }
      ArrayNode steps = player.putArray("steps");
      steps.add(
          step(
              1,
              "Open the game and reach the main menu",
              "SUCCESS",
              "Reached the main menu after the intro.",
              result));
      ObjectNode check =
          step(
              2,
              "Check: " + test.name(),
              result,
              "SUCCESS".equals(result) ? "Everything behaved as expected." : test.failingReport(),
              result);
      if (test.type().equals("verification") && result != null) {
        // API.md 2.2.3: verification steps carry items; other steps have null.
        check
            .putArray("items")
            .addObject()
            .put("id", "1a")
            .put("expected", test.name() + " works")
            .put("status", itemStatus(result))
            .put("comment", "SUCCESS".equals(result) ? "as expected" : test.failingReport());
      }
      steps.add(check);
    }
    return json;
  }

  /** An item's status for the run's result (API.md 2.2.3 lists them in lower case). */
  static String itemStatus(String result) {
    return switch (result) {
      case "SUCCESS" -> "passed";
      case "FAILED" -> "failed";
      case "SKIPPED", "BLOCKED", "STOPPED", "TIMEOUT", "ERROR" -> result.toLowerCase(Locale.ROOT);
      default -> "error";
    };
  }

  /** Where the bouncer serves one artifact of a run, on the host the request came to. */
  static String artifactUrl(String scheme, HttpExchange exchange, String run, String filename) {
    return scheme
        + "://"
        + exchange.getRequestHeaders().getFirst("Host")
        + "/bouncer/runs/"
        + run
        + "/artifacts/"
        + filename;
  }

  static List<String[]> artifactFiles() {
    return List.of(
        new String[] {"recording.mp4", "15728640"}, new String[] {"device_log.log", "45678"});
  }

  static ObjectNode step(
      int number, String goal, String stepResult, String report, String runResult) {
    ObjectNode step = JSON.createObjectNode();
    step.put("step_number", number);
    step.put("start_time", "2026-03-03T15:50:23.601048+00:00");
    step.put("end_time", runResult == null ? null : "2026-03-03T15:54:24.261038+00:00");
    step.put("duration_ms", 120329);
    step.put("run_state", runResult == null ? "RUNNING" : "COMPLETED");
    step.put("run_result", runResult == null ? null : stepResult);
    step.put("report", runResult == null ? null : report);
    step.putNull("items");
    step.putObject("test")
        .put("test_step_id", "step-" + number)
        .put("goal", goal)
        .put("finish_condition", "")
        .put("test_type", "verification");
    return step;
  }

  void getBugs(HttpExchange exchange, String runId) throws IOException {
    SimRun run = sim.runs.get(runId);
    if (run == null) {
      send(exchange, 404, error("run not found"));
      return;
    }
    ObjectNode answer = JSON.createObjectNode();
    ArrayNode data = answer.putArray("data");
    if (run.result() != null && !run.result().equals("STOPPED")) {
      int turn = 10;
      for (SimTest.SimBug bug : run.job().test.bugs()) {
        data.addObject()
            .put("id", UUID.randomUUID().toString())
            .put(
                "bug_id",
                UUID.nameUUIDFromBytes(bug.title().getBytes(StandardCharsets.UTF_8)).toString())
            .put("title", bug.title())
            .put("description", bug.description())
            .put("category", bug.category())
            .put("severity", bug.severity())
            .put("confidence", "high")
            .put("reproduction_steps", "1. Open the game\n2. Tap Settings")
            .put("player_number", 0)
            .put("test_step", 2)
            .put("turn", turn++)
            .put("detected_at", "2026-03-03T15:53:30Z");
      }
    }
    answer
        .putObject("pagination")
        .put("page", 0)
        .put("page_size", data.size())
        .put("total_count", data.size())
        .put("total_pages", 1);
    send(exchange, 200, answer);
  }
}
