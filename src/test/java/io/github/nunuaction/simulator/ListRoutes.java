package io.github.nunuaction.simulator;

import static io.github.nunuaction.simulator.SimHttp.JSON;
import static io.github.nunuaction.simulator.SimHttp.error;
import static io.github.nunuaction.simulator.SimHttp.query;
import static io.github.nunuaction.simulator.SimHttp.runId;
import static io.github.nunuaction.simulator.SimHttp.send;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.github.nunuaction.simulator.SimState.Execution;
import io.github.nunuaction.simulator.SimState.SimJob;
import io.github.nunuaction.simulator.SimState.SimRun;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The lists (API.md 1.6): jobs, runs, builds and test plan executions, paged, filtered (or, when a
 * test asks, not), newest or oldest first.
 */
final class ListRoutes {
  private final SimState sim;
  private final JobRoutes jobRoutes;
  private final RunRoutes runRoutes;
  private final UploadRoutes uploadRoutes;

  ListRoutes(SimState sim, JobRoutes jobRoutes, RunRoutes runRoutes, UploadRoutes uploadRoutes) {
    this.sim = sim;
    this.jobRoutes = jobRoutes;
    this.runRoutes = runRoutes;
    this.uploadRoutes = uploadRoutes;
  }

  /**
   * API.md 2.4.2: filtered by test_plan_id, build_id and status, sorted by start time (newest first
   * unless sort_order=asc), paged.
   */
  void executions(HttpExchange exchange, Map<String, String> query) throws IOException {
    var rows = new ArrayList<ObjectNode>();
    var sorted = new ArrayList<>(sim.executions.values());
    sorted.sort(Comparator.comparing(Execution::startedAt));
    if (!"asc".equals(query.get("sort_order"))) {
      Collections.reverse(sorted);
    }
    for (Execution execution : sorted) {
      int passed = 0;
      int failed = 0;
      int stopped = 0;
      int running = 0;
      for (String jobId : execution.jobIds()) {
        SimJob job = sim.jobs.get(jobId);
        if (!job.completed) {
          running++;
        } else if (job.stopped) {
          stopped++;
        } else if (job.test.results().get(job.test.results().size() - 1).equals("SUCCESS")) {
          passed++;
        } else {
          failed++;
        }
      }
      String status = running > 0 ? "in_progress" : "completed";
      if (!matches(query, "test_plan_id", execution.planId())
          || !matches(query, "build_id", execution.buildId())
          || !matches(query, "status", status)) {
        continue;
      }
      ObjectNode row = JSON.createObjectNode();
      row.put("id", execution.id())
          .put("test_plan_id", execution.planId())
          .put("test_plan_name", "Simulated plan")
          .put("build_id", execution.buildId())
          .put("status", status)
          .put("started_at", execution.startedAt().toString())
          .put("total_tests", execution.jobIds().size())
          .set(
              "test_status",
              JSON.createObjectNode()
                  .put("passed", passed)
                  .put("failed", failed)
                  .put("stopped", stopped)
                  .put("queued", 0)
                  .put("running", running));
      rows.add(row);
    }
    sendPage(exchange, query, rows);
  }

  /**
   * API.md 2.3.2: filtered by test, execution, tags and status (as of the job's last poll); newest
   * first (or oldest, {@link #oldestFirst}); a new job only after the listing delay. Listing a job
   * counts as polling it, for the jobs on the page asked for only.
   */
  void listJobs(HttpExchange exchange, Map<String, String> query) throws IOException {
    var matching = new ArrayList<SimJob>();
    List<SimJob> ordered = inListOrder(sim.jobOrder.stream().map(sim.jobs::get).toList());
    boolean filtered = !sim.ignoreJobFilters;
    for (SimJob job : ordered) {
      if (!jobRoutes.listedYet(job)) {
        continue;
      }
      if (filtered
          && (!matches(query, "multiplayer_test_id", job.test.id())
              || !matches(query, "test_plan_execution_id", job.executionId)
              || !hasTags(job.tags, query.get("tags")))) {
        continue;
      }
      String status = filtered ? query.getOrDefault("status", "all") : "all";
      String actual;
      synchronized (job) {
        actual = jobRoutes.status(job).toLowerCase(Locale.ROOT);
      }
      boolean running = !actual.equals("queued") && !actual.equals("completed");
      if (status.equals("all") || status.equals(actual) || (status.equals("running") && running)) {
        matching.add(job);
      }
    }
    // Unreadable paging is refused by sendPage; here it only means no job is on the page.
    int page =
        query.getOrDefault("page", "0").matches("\\d{1,6}")
            ? Integer.parseInt(query.getOrDefault("page", "0"))
            : -1;
    int size =
        query.getOrDefault("page_size", "20").matches("\\d{1,3}")
            ? Integer.parseInt(query.getOrDefault("page_size", "20"))
            : 0;
    var rows = new ArrayList<ObjectNode>();
    for (int i = 0; i < matching.size(); i++) {
      SimJob job = matching.get(i);
      boolean onPage = i >= (long) page * size && i < (long) (page + 1) * size;
      synchronized (job) {
        if (onPage) {
          job.polls++;
        }
        rows.add(jobRoutes.jobJson(job));
      }
    }
    sendPage(exchange, query, rows);
  }

  /** API.md 2.2.2: filtered by state, test, job, execution and tags; newest (or oldest) first. */
  void listRuns(HttpExchange exchange, Map<String, String> query) throws IOException {
    var rows = new ArrayList<ObjectNode>();
    var made = new ArrayList<String>();
    for (String jobId : sim.jobOrder) {
      SimJob job = sim.jobs.get(jobId);
      synchronized (job) {
        made.addAll(job.runIds);
      }
    }
    for (String runId : inListOrder(made)) {
      SimRun run = sim.runs.get(runId);
      String state = run.result() == null ? "running" : "completed";
      boolean fits =
          matches(query, "job_id", run.job().id)
              && matches(query, "multiplayer_test_id", run.job().test.id())
              && matches(query, "test_plan_execution_id", run.job().executionId)
              && hasTags(run.job().tags, query.get("tags"))
              && (query.getOrDefault("state", "all").equals("all")
                  || query.get("state").equals(state));
      if (!fits && !sim.ignoreListFilters) {
        continue;
      }
      rows.add(runRoutes.runJson(exchange, run));
    }
    sendPage(exchange, query, rows);
  }

  /** API.md 2.1.6: filtered by status, platform and tags. */
  void listBuilds(HttpExchange exchange, Map<String, String> query) throws IOException {
    var rows = new ArrayList<ObjectNode>();
    var ids = new LinkedHashSet<String>(sim.readyBuilds);
    ids.addAll(sim.uploads.keySet());
    for (String id : inListOrder(new ArrayList<>(ids))) {
      ObjectNode build = uploadRoutes.buildJson(id);
      var tags = new ArrayList<String>();
      build.path("tags").forEach(tag -> tags.add(tag.asText()));
      boolean fits =
          (!query.containsKey("status")
                  || query.get("status").equalsIgnoreCase(build.path("status").asText()))
              && matches(query, "platform", build.path("platform").asText(null))
              && hasTags(tags, query.get("tags"));
      if (!fits && !sim.ignoreListFilters) {
        continue;
      }
      rows.add(build);
    }
    sendPage(exchange, query, rows);
  }

  /** Items made in {@code made} order, as lists give them: newest first, or oldest first. */
  <T> List<T> inListOrder(List<T> made) {
    var ordered = new ArrayList<>(made);
    if (!sim.oldestFirst) {
      Collections.reverse(ordered);
    }
    return ordered;
  }

  /** "Comma-separated, all must match" (API.md 2.2.2, 2.3.2, 2.1.6). */
  static boolean hasTags(List<String> tags, String filter) {
    if (filter == null || filter.isEmpty()) {
      return true;
    }
    for (String wanted : filter.split(",")) {
      if (!tags.contains(wanted)) {
        return false;
      }
    }
    return true;
  }

  static boolean matches(Map<String, String> query, String name, String value) {
    return !query.containsKey(name) || query.get(name).equals(value);
  }

  /**
   * A list answer as API.md 1.6 describes it: {@code page} from 0, {@code page_size} 1-100 (default
   * 20), and {@code {data, pagination}}.
   */
  void sendPage(HttpExchange exchange, Map<String, String> query, List<ObjectNode> rows)
      throws IOException {
    int page;
    int size;
    try {
      page = Integer.parseInt(query.getOrDefault("page", "0"));
      size = Integer.parseInt(query.getOrDefault("page_size", "20"));
    } catch (NumberFormatException e) {
      send(exchange, 400, error("page and page_size must be integers"));
      return;
    }
    if (page < 0 || size < 1 || size > 100) {
      send(exchange, 400, error("page must be >= 0 and page_size 1-100"));
      return;
    }
    ObjectNode answer = JSON.createObjectNode();
    ArrayNode data = answer.putArray("data");
    int shown = sim.ignorePaging ? 0 : page;
    rows.stream().skip((long) shown * size).limit(size).forEach(data::add);
    answer
        .putObject("pagination")
        .put("page", page)
        .put("page_size", size)
        .put("total_count", sim.ignorePaging ? rows.size() + (long) size * 10 : rows.size())
        .put(
            "total_pages",
            sim.ignorePaging
                ? (rows.size() + size - 1) / size + 10
                : (rows.size() + size - 1) / size);
    send(exchange, 200, answer);
  }
}
