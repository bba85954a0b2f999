package io.github.nunuaction.simulator;

import static io.github.nunuaction.simulator.NunuSimulator.AGENT_CONFIG;
import static io.github.nunuaction.simulator.NunuSimulator.DEFAULT_AGENT;
import static io.github.nunuaction.simulator.NunuSimulator.PROJECT;
import static io.github.nunuaction.simulator.SimHttp.JSON;
import static io.github.nunuaction.simulator.SimHttp.error;
import static io.github.nunuaction.simulator.SimHttp.gateway;
import static io.github.nunuaction.simulator.SimHttp.runId;
import static io.github.nunuaction.simulator.SimHttp.send;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.github.nunuaction.simulator.SimState.Execution;
import io.github.nunuaction.simulator.SimState.SimJob;
import io.github.nunuaction.simulator.SimState.SimRun;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Runs and jobs (API.md 2.2, 2.3): starting runs, jobs that move QUEUED, STARTING, RUNNING,
 * COMPLETED over successive polls, retries after execution failures, and stopping.
 */
final class JobRoutes {
  private final SimState sim;
  private final Deployments deployments;

  JobRoutes(SimState sim, Deployments deployments) {
    this.sim = sim;
    this.deployments = deployments;
  }

  static final List<String> STATUSES = List.of("QUEUED", "STARTING", "RUNNING");
  static final Set<String> EXECUTION_FAILURES = Set.of("ERROR", "TIMEOUT", "STOPPED");
  static final Instant RUN_START = Instant.parse("2026-03-03T15:50:23.601048Z");
  static final String KEY_ID = "7f028653-0e85-4c37-87be-c59976796155";

  void startRun(HttpExchange exchange, JsonNode body) throws IOException {
    if (sim.startsFailingBeforeCreating.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      gateway(exchange, 502, "Bad Gateway");
      return;
    }
    List<String> selectors = new ArrayList<>();
    for (String field : List.of("multiplayer_test_id", "test_plan_id", "instructions")) {
      if (body.hasNonNull(field)) {
        selectors.add(field);
      }
    }
    if (selectors.size() != 1) {
      send(
          exchange,
          400,
          error("exactly one of multiplayer_test_id, test_plan_id or instructions is required"));
      return;
    }
    String refused = deployments.refusedDeployment(body, selectors.get(0));
    if (refused != null) {
      send(exchange, refused.startsWith("404 ") ? 404 : 400, error(refused.substring(4)));
      return;
    }
    String buildId = body.path("build_id").asText(null);
    ObjectNode answer = JSON.createObjectNode();
    List<SimJob> started = new ArrayList<>();
    switch (selectors.get(0)) {
      case "multiplayer_test_id" -> {
        SimTest test = sim.tests.get(body.get("multiplayer_test_id").asText());
        if (test == null) {
          send(exchange, 404, error("multiplayer test not found"));
          return;
        }
        int instances = Math.max(1, body.path("instances").asInt(1));
        started.add(
            new SimJob(
                test, buildId, null, body.path("retries").asInt(0), instances, nextCreation()));
      }
      case "test_plan_id" -> {
        List<String> plan = sim.plans.get(body.get("test_plan_id").asText());
        if (plan == null) {
          send(exchange, 404, error("test plan not found"));
          return;
        }
        String executionId = UUID.randomUUID().toString();
        for (String testId : plan) {
          started.add(
              new SimJob(sim.tests.get(testId), buildId, executionId, 0, 1, nextCreation()));
        }
        sim.executions.put(
            executionId,
            new Execution(
                executionId,
                body.get("test_plan_id").asText(),
                buildId,
                RUN_START.plusSeconds(sim.executions.size()),
                started.stream().map(j -> j.id).toList()));
        answer.put("test_plan_execution_id", executionId);
      }
      default -> {
        // API.md 2.2.1: the current spec requires agent_config_id for instructions; the mdx
        // and seed 001 make it optional. Ids are UUIDs or names like ac_default (API.md 2.7).
        String agent = body.path("agent_config_id").asText(null);
        if (agent == null && sim.agentConfigRequired) {
          send(exchange, 400, error("agent_config_id is required with instructions"));
          return;
        }
        if (agent != null && !AGENT_CONFIG.equals(agent) && !DEFAULT_AGENT.equals(agent)) {
          send(exchange, 404, error("agent config not found"));
          return;
        }
        String instructions = body.get("instructions").asText();
        String result =
            instructions.contains("[fail]")
                ? "FAILED"
                : instructions.contains("[error]") ? "ERROR" : "SUCCESS";
        String name = body.path("name").asText("[api] ephemeral test");
        var test =
            new SimTest(
                UUID.randomUUID().toString(),
                name,
                "task",
                List.of(result),
                1,
                List.of(),
                result.equals("SUCCESS")
                    ? null
                    : "The instructions could not be followed: " + instructions,
                null);
        sim.tests.put(test.id(), test);
        started.add(new SimJob(test, buildId, null, 0, 1, nextCreation()));
        started.get(0).tags.add("api");
        answer.put("test_id", test.id());
      }
    }
    // API.md 2.2.1: additional_tags go on every run (ephemeral runs get "api" first).
    for (SimJob job : started) {
      body.path("additional_tags").forEach(tag -> job.tags.add(tag.asText()));
      deployments.deploy(job, body);
    }
    if (body.path("run_on_all_configured_devices").asBoolean(false)) {
      startOnEveryDevice(exchange, body, started, answer);
      return;
    }
    started.forEach(this::register);
    if (buildId != null) {
      answer.put("build_id", buildId);
    }
    answer.put("message", "successfully queued test!");
    List<String> ids = started.stream().map(j -> j.id).toList();
    ids.forEach(answer.putArray("job_ids")::add);
    if (sim.lostStartAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      gateway(exchange, 502, "Bad Gateway");
      return;
    }
    if (sim.resetStartAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      exchange.close();
      return;
    }
    switch (sim.startRunStyle) {
      case BARE -> send(exchange, 201, answer);
      case ENVELOPE -> {
        ObjectNode envelope =
            JSON.createObjectNode()
                .put("ok", true)
                .put("status", 200)
                .put("message", "successfully queued test!");
        envelope.set("data", answer);
        send(exchange, 200, envelope);
      }
      case MVP -> {
        ObjectNode envelope =
            JSON.createObjectNode().put("ok", true).put("status", 201).put("message", "queued");
        envelope.putObject("data").put("job_id", ids.get(0)).put("multiplayer_run_id", runId());
        send(exchange, 201, envelope);
      }
    }
  }

  /**
   * API.md 2.2.1, {@code run_on_all_configured_devices}: the start runs once per device of the
   * config, {@code instances} each. The answer counts the devices and holds each one's result; 207
   * when some failed, 500 when none started.
   */
  void startOnEveryDevice(
      HttpExchange exchange, JsonNode body, List<SimJob> template, ObjectNode answer)
      throws IOException {
    SimConfig config = sim.configs.get(body.get("deployment_config_id").asText());
    var allJobs = new ArrayList<String>();
    ArrayNode results = JSON.createArrayNode();
    int startedDevices = 0;
    for (String device : config.devices()) {
      ObjectNode result = results.addObject().put("device_label", device);
      if (sim.failingDevices.contains(device)) {
        result.put("ok", false).put("status", 500).put("message", "device unavailable");
        result.put("error", "device " + device + " is offline");
        continue;
      }
      startedDevices++;
      ObjectNode data = result.put("ok", true).put("status", 201).putObject("data");
      ArrayNode ids = data.putArray("job_ids");
      for (SimJob model : template) {
        var job =
            new SimJob(
                model.test,
                model.buildId,
                model.executionId,
                model.retries,
                model.instances,
                nextCreation());
        job.tags.addAll(model.tags);
        deployments.deploy(job, body);
        job.device = device;
        register(job);
        ids.add(job.id);
        allJobs.add(job.id);
      }
      result.put("message", "successfully queued test!");
    }
    int instances = Math.max(1, body.path("instances").asInt(1));
    answer.put("ok", startedDevices > 0);
    answer.put("requested_count", config.devices().size() * instances);
    answer.put("started_count", startedDevices * instances);
    answer.put("successful_count", startedDevices * instances);
    answer.put("failed_count", (config.devices().size() - startedDevices) * instances);
    answer.set("results", results);
    allJobs.forEach(answer.putArray("job_ids")::add);
    send(
        exchange,
        startedDevices == config.devices().size() ? 201 : startedDevices > 0 ? 207 : 500,
        answer);
  }

  void getJob(HttpExchange exchange, String jobId) throws IOException {
    SimJob job = sim.jobs.get(jobId);
    if (job == null) {
      send(exchange, 404, error("job not found"));
      return;
    }
    ObjectNode answer;
    synchronized (job) {
      job.polls++;
      answer = jobJson(job);
    }
    if (sim.retryAfterSeconds != null && !job.completed) {
      exchange.getResponseHeaders().set("Retry-After", String.valueOf(sim.retryAfterSeconds));
    }
    send(exchange, 200, answer);
  }

  /** A job's status as of its last poll: each poll moves it one status on. */
  String status(SimJob job) {
    if (job.foreign) {
      return job.stopped || job.completed ? "COMPLETED" : "RUNNING";
    }
    if (job.stopped || job.test.rejection() == null && job.polls > sim.pollsBeforeCompletion) {
      return "COMPLETED";
    }
    if (job.test.rejection() != null) {
      return "QUEUED";
    }
    return STATUSES.get(Math.max(0, Math.min(job.polls - 1, STATUSES.size() - 1)));
  }

  /** The job as of this poll; runs appear once it starts. */
  ObjectNode jobJson(SimJob job) {
    SimTest test = job.test;
    String status = status(job);
    if (status.equals("COMPLETED") && !job.completed) {
      job.completed = true;
      finish(job);
      if (sim.logRequests) {
        System.out.println("completed " + System.currentTimeMillis() + " " + job.id);
      }
    } else if (status.equals("RUNNING") && job.runIds.isEmpty()) {
      for (int instance = 0; instance < job.instances; instance++) {
        job.runIds.add(newRun(job, null));
      }
    }
    ObjectNode json = JSON.createObjectNode();
    json.put("job_id", job.id);
    json.put("project_id", PROJECT);
    json.put("status", status);
    json.put("created_at", job.createdAt.toString());
    json.put(
        "completed_at", status.equals("COMPLETED") ? "2026-03-03T15:54:24.463635+00:00" : null);
    json.put("multiplayer_test_id", test.id());
    json.put("test_name", test.name());
    json.put("platform", "lt_phone");
    json.put("build_id", job.buildId);
    json.put("test_plan_execution_id", job.executionId);
    json.put("queue_rejection_reason", test.rejection());
    json.put("templating_enabled", false);
    if (job.stopped) {
      // Its shape is not documented (API.md 4.2); this one follows the runs' initiator.
      json.putObject("stopped_by").put("type", "api").putObject("value").put("key_id", KEY_ID);
    } else {
      json.putNull("stopped_by");
    }
    job.tags.forEach(json.putArray("tags")::add);
    json.putObject("retries").put("total", job.retries).put("remaining", job.retriesLeft);
    ArrayNode runArray = json.putArray("runs");
    for (int i = 0; i < job.runIds.size(); i++) {
      SimRun run = sim.runs.get(job.runIds.get(i));
      boolean done = status.equals("COMPLETED");
      String result = done ? run.result() : null;
      runArray
          .addObject()
          .put("multiplayer_run_id", run.id())
          .put("state", done ? "COMPLETED" : "RUNNING")
          .put("result", result)
          .put("started_at", RUN_START.plusSeconds(10L * i).toString())
          .put("completed_at", done ? "2026-03-03T15:54:24.261038+00:00" : null)
          .put("players", test.players());
    }
    return json;
  }

  /**
   * Ends the job's runs: each instance's first run takes the test's first result (STOPPED when the
   * job was stopped); an execution failure is then retried with the next result while the job's
   * retries last. A rejected job never ran.
   */
  void finish(SimJob job) {
    SimTest test = job.test;
    if (test.rejection() != null && job.runIds.isEmpty()) {
      return;
    }
    for (int instance = 0; instance < job.instances; instance++) {
      String first =
          job.stopped
              ? "STOPPED"
              : job.ordinal <= sim.failingJobs.getOrDefault(test.id(), 0)
                  ? "FAILED"
                  : test.firstResult(job.hero, deployments.device(job));
      if (instance < job.runIds.size()) {
        sim.runs.put(job.runIds.get(instance), new SimRun(job.runIds.get(instance), job, first));
      } else {
        job.runIds.add(newRun(job, first));
      }
    }
    for (int instance = 0; instance < job.instances && !job.stopped; instance++) {
      String last = sim.runs.get(job.runIds.get(instance)).result();
      for (int attempt = 1; EXECUTION_FAILURES.contains(last) && job.retriesLeft > 0; attempt++) {
        job.retriesLeft--;
        last = test.results().get(Math.min(attempt, test.results().size() - 1));
        job.runIds.add(newRun(job, last));
      }
    }
  }

  /** Makes a job known: by id at once, in lists after the listing delay. */
  synchronized void register(SimJob job) {
    job.ordinal =
        1
            + (int)
                sim.jobs.values().stream()
                    .filter(other -> !other.foreign && other.test == job.test)
                    .count();
    job.createdNanos = sim.simulatedTime.getAsLong();
    sim.jobs.put(job.id, job);
    sim.jobOrder.add(job.id);
  }

  /** Whether lists show the job yet ({@link #listNewJobsAfter}). */
  boolean listedYet(SimJob job) {
    return sim.simulatedTime.getAsLong() - job.createdNanos >= sim.listingDelayNanos;
  }

  /** Creation times that increase with each job, as the real ones would. */
  Instant nextCreation() {
    return RUN_START.plusSeconds(sim.creations.incrementAndGet());
  }

  String newRun(SimJob job, String result) {
    String id = runId();
    sim.runs.put(id, new SimRun(id, job, result));
    return id;
  }

  void stopRuns(HttpExchange exchange, JsonNode body) throws IOException {
    ArrayNode results = JSON.createArrayNode();
    int found = 0;
    int stopped = 0;
    for (JsonNode id : body.path("job_ids")) {
      SimJob job = sim.jobs.get(id.asText());
      if (job == null) {
        continue;
      }
      found++;
      synchronized (job) {
        if (job.completed) {
          results
              .addObject()
              .put("job_id", job.id)
              .put("ok", false)
              .put("status", 500)
              .put("error", "Job already completed");
        } else {
          job.stopped = true;
          stopped++;
          results
              .addObject()
              .put("job_id", job.id)
              .put("ok", true)
              .put("status", 200)
              .put("message", "Job stopped");
        }
      }
    }
    if (found == 0) {
      send(exchange, 404, error("no jobs found in your project matching the provided IDs"));
      return;
    }
    ObjectNode answer = JSON.createObjectNode();
    answer.put("ok", stopped == found);
    answer.put(
        "message",
        stopped == found
            ? "Successfully stopped " + stopped + " job(s)"
            : "Stopped " + stopped + "/" + found + " job(s)");
    answer.put("received_count", body.path("job_ids").size());
    answer.put("stopped_count", stopped);
    answer.set("results", results);
    send(exchange, stopped == found ? 200 : 207, answer);
  }
}
