package io.github.nunuaction.simulator;

import static io.github.nunuaction.simulator.NunuSimulator.PROJECT;
import static io.github.nunuaction.simulator.RunRoutes.artifactFiles;
import static io.github.nunuaction.simulator.RunRoutes.artifactUrl;
import static io.github.nunuaction.simulator.SimHttp.JSON;
import static io.github.nunuaction.simulator.SimHttp.error;
import static io.github.nunuaction.simulator.SimHttp.hex;
import static io.github.nunuaction.simulator.SimHttp.md5;
import static io.github.nunuaction.simulator.SimHttp.query;
import static io.github.nunuaction.simulator.SimHttp.send;
import static io.github.nunuaction.simulator.SimHttp.sendBytes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The artifacts host (API.md 2.5, 2.6): run artifacts, media redirected to storage, and the
 * knowledge files.
 */
final class BouncerRoutes {
  private final SimState sim;

  BouncerRoutes(SimState sim) {
    this.sim = sim;
  }

  void bouncer(HttpExchange exchange, String path) throws IOException {
    if (path.startsWith("/file-storage/")) {
      knowledge(exchange, path.substring("/file-storage/".length()));
      return;
    }
    Matcher list = Pattern.compile("^/runs/([a-z0-9]+)-(\\d+)/artifacts$").matcher(path);
    Matcher file = Pattern.compile("^/runs/([a-z0-9]+)-(\\d+)/artifacts/(.+)$").matcher(path);
    if (list.matches() && sim.runs.containsKey(list.group(1))) {
      ObjectNode answer = JSON.createObjectNode();
      String composite = list.group(1) + "-" + list.group(2);
      answer.put("runId", composite);
      ArrayNode artifacts = answer.putArray("artifacts");
      for (String[] artifact : artifactFiles()) {
        artifacts
            .addObject()
            .put("filename", artifact[0])
            .put("url", artifactUrl(sim.scheme, exchange, composite, artifact[0]))
            .put("size", Long.parseLong(artifact[1]))
            .put("uploaded", "2026-03-03T15:55:00.000Z")
            .put("etag", hex(16));
      }
      answer.put("count", artifacts.size());
      send(exchange, 200, answer);
    } else if (file.matches() && sim.runs.containsKey(file.group(1))) {
      String name = URLDecoder.decode(file.group(3), StandardCharsets.UTF_8);
      if (name.endsWith(".mp4")) {
        // Large media redirect to presigned storage, on another origin (localhost, not 127.0.0.1).
        exchange
            .getResponseHeaders()
            .set(
                "Location",
                sim.scheme
                    + "://localhost:"
                    + exchange.getLocalAddress().getPort()
                    + "/storage/artifacts/"
                    + name
                    + "?X-Amz-Signature="
                    + hex(16));
        exchange.sendResponseHeaders(302, -1);
      } else {
        sendBytes(
            exchange,
            200,
            ("log of " + file.group(1) + "-" + file.group(2) + "\n")
                .getBytes(StandardCharsets.UTF_8));
      }
    } else {
      send(exchange, 404, error("artifact not found"));
    }
  }

  /**
   * API.md 2.6: the project's files always, the agent's and the test case's when asked; the key's
   * project only. A failing route "GET /file-storage" answers as told (a 403, say).
   */
  void knowledge(HttpExchange exchange, String project) throws IOException {
    Integer failing = sim.failingRoutes.get("GET /file-storage");
    if (failing != null) {
      send(exchange, failing, error("API key missing required permission: project:read-knowledge"));
      return;
    }
    if (!project.equals(PROJECT)) {
      send(exchange, 403, error("the key does not belong to this project"));
      return;
    }
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    boolean metadata = "true".equals(query.get("include_metadata"));
    ObjectNode answer = JSON.createObjectNode().put("projectId", project);
    ArrayNode sections = answer.putArray("sections");
    ObjectNode projectSection = sections.addObject().put("scope", "project");
    ArrayNode files = projectSection.putArray("files");
    new java.util.TreeMap<>(sim.projectKnowledge)
        .forEach(
            (path, content) -> {
              ObjectNode file =
                  files
                      .addObject()
                      .put("filename", path.substring(path.lastIndexOf('/') + 1))
                      .put("path", path)
                      .put("size", content.getBytes(StandardCharsets.UTF_8).length)
                      .put("uploaded", "2026-04-12T10:30:00.000Z")
                      .put(
                          "etag",
                          sim.multipartKnowledgeEtags
                              ? "\"" + md5(content + "/parts") + "-3\""
                              : md5(content));
              if (metadata) {
                file.putObject("metadata").put("description", "About " + path);
              }
            });
    projectSection.put("count", files.size());
    int count = files.size();
    for (String scope : List.of("agent_id", "test_case_id")) {
      if (query.containsKey(scope)) {
        ObjectNode section =
            sections
                .addObject()
                .put("scope", scope.equals("agent_id") ? "agent" : "test_case")
                .put("id", query.get(scope));
        section
            .putArray("files")
            .addObject()
            .put("filename", "notes.md")
            .put("path", "notes.md")
            .put("size", 12)
            .put("uploaded", "2026-04-12T10:35:00.000Z")
            .put("etag", md5("notes for " + query.get(scope)));
        section.put("count", 1);
        count++;
      }
    }
    answer.put("count", count);
    send(exchange, 200, answer);
  }
}
