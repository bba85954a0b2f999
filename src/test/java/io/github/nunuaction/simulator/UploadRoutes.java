package io.github.nunuaction.simulator;

import static io.github.nunuaction.simulator.NunuSimulator.PROJECT;
import static io.github.nunuaction.simulator.SimHttp.JSON;
import static io.github.nunuaction.simulator.SimHttp.drain;
import static io.github.nunuaction.simulator.SimHttp.error;
import static io.github.nunuaction.simulator.SimHttp.gateway;
import static io.github.nunuaction.simulator.SimHttp.hex;
import static io.github.nunuaction.simulator.SimHttp.query;
import static io.github.nunuaction.simulator.SimHttp.send;
import static io.github.nunuaction.simulator.SimHttp.sendBytes;
import static io.github.nunuaction.simulator.SimHttp.sendXml;
import static io.github.nunuaction.simulator.SimHttp.unquoted;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.github.nunuaction.simulator.SimState.ForeignBuild;
import io.github.nunuaction.simulator.SimState.Upload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Builds (API.md 2.1): upload reservations, presigned part URLs, the storage it serves itself (with
 * ETags), completion, cancellation and Get Build.
 */
final class UploadRoutes {
  private final SimState sim;

  UploadRoutes(SimState sim) {
    this.sim = sim;
  }

  /** API.md 2.1.1: {@code project_id} is required on the legacy route and must match the path. */
  void initiate(HttpExchange exchange, ObjectNode body, String projectInPath) throws IOException {
    String project = body.path("project_id").asText(null);
    if (projectInPath == null && project == null) {
      send(exchange, 400, error("project_id is required"));
      return;
    }
    if (projectInPath != null && project != null && !project.equals(projectInPath)) {
      send(exchange, 400, error("project_id does not match the project in the path"));
      return;
    }
    for (String field : List.of("name", "file_name", "file_size", "platform")) {
      if (!body.hasNonNull(field)) {
        send(exchange, 400, error(field + " is required"));
        return;
      }
    }
    long size = body.get("file_size").asLong();
    if (size <= 0) {
      send(exchange, 400, error("file_size must be positive"));
      return;
    }
    // As documented: multipart from the threshold up, unless the request says otherwise.
    boolean multipart =
        body.has("multipart") ? body.get("multipart").asBoolean() : size >= sim.multipartThreshold;
    var upload = new Upload(body, size, sim.partSize, multipart);
    sim.uploads.put(upload.buildId, upload);
    ObjectNode answer = JSON.createObjectNode();
    answer.put("upload_type", multipart ? "multipart" : "single-part");
    answer.put("build_id", upload.buildId);
    answer.put("object_key", upload.objectKey);
    if (multipart) {
      answer.put("upload_id", upload.uploadId);
      answer.put("total_parts", upload.totalParts);
      answer.put("part_size", upload.partSize);
    } else {
      answer.put("upload_url", presign(exchange, upload, 1));
    }
    send(exchange, 200, answer);
  }

  String presign(HttpExchange exchange, Upload upload, int part) {
    String signature = hex(16);
    upload.signatures.add(signature);
    String base =
        sim.externalStorage != null
            ? sim.externalStorage
            : sim.scheme + "://" + exchange.getRequestHeaders().getFirst("Host") + "/storage";
    return base
        + "/"
        + upload.buildId
        + "/"
        + part
        + "?X-Amz-Expires=3600&X-Amz-Signature="
        + signature;
  }

  void partUrls(HttpExchange exchange, Map<String, String> query) throws IOException {
    Upload upload =
        sim.uploads.values().stream()
            .filter(
                u ->
                    u.uploadId != null
                        && u.uploadId.equals(query.get("upload_id"))
                        && u.objectKey.equals(query.get("object_key")))
            .findFirst()
            .orElse(null);
    if (upload == null || query.get("part_numbers") == null) {
      send(exchange, 400, error("unknown upload_id/object_key, or part_numbers missing"));
      return;
    }
    ObjectNode answer = JSON.createObjectNode();
    ArrayNode urls = answer.putArray("upload_urls");
    for (String number : query.get("part_numbers").split(",")) {
      int part = Integer.parseInt(number.strip());
      if (part < 1 || part > upload.totalParts) {
        send(exchange, 400, error("part number out of range: " + part));
        return;
      }
      urls.addObject().put("part_number", part).put("url", presign(exchange, upload, part));
    }
    send(exchange, 200, answer);
  }

  void storage(HttpExchange exchange, String path, Map<String, String> query) throws IOException {
    String[] segments = path.split("/");
    if (segments.length == 4 && segments[2].equals("artifacts")) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      sim.record(exchange, path, query, "", body.length);
      sendBytes(exchange, 200, ("recording of " + segments[3]).getBytes(StandardCharsets.UTF_8));
      return;
    }
    Upload upload = segments.length == 4 ? sim.uploads.get(segments[2]) : null;
    if (upload == null || !exchange.getRequestMethod().equals("PUT")) {
      drain(exchange);
      sendXml(exchange, 404, "NoSuchUpload", "The specified upload does not exist.");
      return;
    }
    int part = Integer.parseInt(segments[3]);
    String fileName = upload.request.path("file_name").asText();
    if (fileName.equals(sim.failingUpload)) {
      drain(exchange);
      sendXml(exchange, 500, "InternalError", "We encountered an internal error.");
      return;
    }
    if (sim.failingUpload != null) {
      // The other uploads stay in flight until the failing one has been given up (cancelled),
      // and a while longer: long enough for the action to cancel them.
      try {
        sim.failingUploadCancelled.await(10, TimeUnit.SECONDS);
        Thread.sleep(3_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (part == sim.failingPart) {
      drain(exchange);
      sendXml(exchange, 500, "InternalError", "We encountered an internal error.");
      return;
    }
    if (exchange.getRequestHeaders().containsKey("X-Api-Key")) {
      drain(exchange);
      sendXml(exchange, 400, "UnexpectedCredential", "An API key was sent to storage.");
      return;
    }
    if (!upload.signatures.contains(query.getOrDefault("X-Amz-Signature", ""))) {
      drain(exchange);
      sendXml(exchange, 403, "AccessDenied", "Request has expired");
      return;
    }
    long expected = upload.lengthOf(part);
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    boolean keep = upload.fileSize <= sim.keepBytesUpTo;
    var kept = keep ? new ByteArrayOutputStream((int) expected) : null;
    long received = 0;
    byte[] buffer = new byte[256 * 1024];
    try (InputStream in = exchange.getRequestBody()) {
      for (int n; (n = in.read(buffer)) != -1; ) {
        received += n;
        if (kept != null) {
          kept.write(buffer, 0, n);
        }
      }
    }
    sim.record(exchange, path, query, "", received);
    if (declared == null || Long.parseLong(declared) != expected || received != expected) {
      sendXml(
          exchange,
          400,
          "IncompleteBody",
          "Expected "
              + expected
              + " bytes with Content-Length, got "
              + received
              + " (Content-Length "
              + declared
              + ")");
      return;
    }
    String etag = "\"" + hex(16) + "\"";
    upload.etags.put(part, etag);
    if (kept != null) {
      upload.bytes.put(part, kept.toByteArray());
    }
    exchange.getResponseHeaders().set("ETag", etag);
    exchange.sendResponseHeaders(200, -1);
  }

  void complete(HttpExchange exchange, JsonNode body) throws IOException {
    Upload upload = sim.uploads.get(body.path("build_id").asText());
    if (upload == null || !upload.state.equals("RESERVED")) {
      send(exchange, 404, error("Upload not found").put("code", "UPLOAD_NOT_FOUND"));
      return;
    }
    if (upload.uploadId == null) {
      if (!upload.etags.containsKey(1) && sim.externalStorage == null) {
        send(exchange, 400, error("the file was not uploaded"));
        return;
      }
      upload.state = "COMPLETED";
      sim.readyBuilds.add(upload.buildId);
      answerCompletion(exchange, JSON.createObjectNode().put("status", "success"));
      return;
    }
    if (!upload.uploadId.equals(body.path("upload_id").asText())
        || !upload.objectKey.equals(body.path("object_key").asText())) {
      send(exchange, 400, error("upload_id or object_key does not match the build"));
      return;
    }
    JsonNode parts = body.path("parts");
    if (parts.size() != upload.totalParts) {
      send(exchange, 400, error("expected " + upload.totalParts + " parts, got " + parts.size()));
      return;
    }
    for (int i = 0; i < parts.size(); i++) {
      int number = parts.get(i).path("part_number").asInt();
      String etag = parts.get(i).path("etag").asText();
      String stored = sim.externalStorage != null ? etag : upload.etags.get(number);
      if (number != i + 1
          || stored == null
          || etag.isBlank()
          || !unquoted(stored).equals(unquoted(etag))) {
        send(
            exchange,
            400,
            error("part " + number + " is out of order, missing, or has the wrong ETag")
                .put("code", "INVALID_PART"));
        return;
      }
    }
    upload.state = "COMPLETED";
    sim.readyBuilds.add(upload.buildId);
    answerCompletion(exchange, JSON.createObjectNode().put("build_id", upload.buildId));
  }

  void answerCompletion(HttpExchange exchange, ObjectNode answer) throws IOException {
    if (sim.lostCompletionAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      gateway(exchange, 502, "Bad Gateway");
    } else {
      send(exchange, 200, answer);
    }
  }

  /** API.md 2.1.7, in the current spec's field names; an unfinished upload is "uploading". */
  void getBuild(HttpExchange exchange, String buildId) throws IOException {
    if (sim.uploads.get(buildId) == null && !sim.readyBuilds.contains(buildId)) {
      send(exchange, 404, error("build not found"));
      return;
    }
    send(exchange, 200, buildJson(buildId));
  }

  ObjectNode buildJson(String buildId) {
    Upload upload = sim.uploads.get(buildId);
    ObjectNode build = JSON.createObjectNode();
    build.put("build_id", buildId);
    build.put("project_id", PROJECT);
    build.put("status", sim.readyBuilds.contains(buildId) ? "OK" : "uploading");
    if (upload != null) {
      build.put("name", upload.request.path("name").asText());
      build.put("filename", upload.request.path("file_name").asText());
      build.put("size", upload.fileSize);
      build.put("platform", upload.request.path("platform").asText());
      build.set(
          "tags",
          upload.request.path("tags").isArray()
              ? upload.request.get("tags")
              : JSON.createArrayNode());
    } else if (sim.foreignBuilds.containsKey(buildId)) {
      ForeignBuild foreign = sim.foreignBuilds.get(buildId);
      build.put("name", "another team's build");
      build.put("filename", "other.apk");
      build.put("size", foreign.size());
      build.put("platform", "android");
      foreign.tags().forEach(build.putArray("tags")::add);
    } else {
      build.put("name", "simulated build");
      build.putArray("tags");
    }
    build.put("pinned", false);
    build.put("nunu_sdk", false);
    build.put("created_at", "2026-03-03T15:50:19.544603+00:00");
    return build;
  }

  void cancel(HttpExchange exchange, Map<String, String> query) throws IOException {
    Upload upload = sim.uploads.get(query.getOrDefault("build_id", ""));
    if (upload == null
        || !upload.objectKey.equals(query.get("object_key"))
        || !upload.state.equals("RESERVED")) {
      send(exchange, 404, error("Upload not found").put("code", "UPLOAD_NOT_FOUND"));
      return;
    }
    // API.md 2.1.5: upload_id is required for a multipart upload.
    if (upload.uploadId != null && !upload.uploadId.equals(query.get("upload_id"))) {
      send(exchange, 400, error("upload_id is required to cancel a multipart upload"));
      return;
    }
    upload.state = "CANCELLED";
    if (upload.request.path("file_name").asText().equals(sim.failingUpload)) {
      sim.failingUploadCancelled.countDown();
    }
    send(exchange, 200, JSON.createObjectNode().put("success", true));
  }
}
