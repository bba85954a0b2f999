package io.github.nunuaction.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.nunuaction.api.HttpStep.Retry;
import io.github.nunuaction.github.Commands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The nunu endpoints the action uses (API.md section 2), each described as an {@link HttpStep}.
 * Paths are {@code {api-url}/project/{project-id}/...} when a project id is given, else the legacy
 * unscoped form; artifacts live on their own host.
 */
public final class NunuApi {
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_.-]{1,200}");
  private static final Map<String, String> JSON_HEADERS =
      Map.of("Content-Type", "application/json", "Accept", "application/json");
  private static final Duration CLEANUP_TIMEOUT = Duration.ofSeconds(3);
  private static final long SLOWEST_BYTES_PER_SECOND = 256 * 1024;

  private final HttpCaller caller;
  private final String base;
  private final String artifactsBase;
  private final Duration timeout;
  private final boolean cleanup;

  private NunuApi(HttpCaller caller, String base, String artifactsBase, Duration timeout, boolean cleanup) {
    this.caller = caller;
    this.base = base;
    this.artifactsBase = artifactsBase;
    this.timeout = timeout;
    this.cleanup = cleanup;
  }

  public static NunuApi create(HttpCaller caller, URI apiUrl, String projectId, URI artifactsUrl, Timeouts timeouts) {
    String base = apiUrl.toString() + (projectId == null ? "" : "/project/" + projectId);
    return new NunuApi(caller, base, artifactsUrl.toString(), timeouts.request(), false);
  }

  /**
   * The API for cleanup after a failure or a signal: never cancelled, one attempt each, a short
   * timeout, so that aborting an upload or stopping runs fits in the seconds a cancel leaves.
   */
  public NunuApi forCleanup() {
    return new NunuApi(caller.forCleanup(), base, artifactsBase, timeout, true);
  }

  // --- builds ---

  /**
   * Retried like a read: a reservation made twice only holds storage until its upload_timeout,
   * which is better than failing the build on one bad gateway. Starting a run is not retried so.
   */
  public UploadTicket initiateUpload(ObjectNode body) {
    return call(post("reserve the build upload", "/builds/upload", body, Retry.IDEMPOTENT,
        answer -> parse(answer, "reserve the build upload", UploadTicket::from)));
  }

  /** Presigned URLs for the given parts. No key: the upload id is the credential. */
  public Map<Integer, URI> partUrls(String uploadId, String objectKey, List<Integer> partNumbers) {
    String parts = partNumbers.stream().map(String::valueOf).collect(Collectors.joining(","));
    var query = new LinkedHashMap<String, String>();
    query.put("upload_id", uploadId);
    query.put("object_key", objectKey);
    query.put("part_numbers", parts);
    var step = new HttpStep<>("get upload URLs for parts " + parts, "GET", uri(base + "/builds/upload/parts", query),
        null, Map.of("Accept", "application/json"), false, Retry.IDEMPOTENT, timeout, null, null,
        answer -> parse(answer, "get upload URLs", json -> {
          Map<Integer, URI> urls = new HashMap<>();
          for (JsonNode entry : Json.array(Envelope.unwrap(json, "upload_urls"), "upload_urls")) {
            Long number = Json.integer(entry, "part_number");
            String url = Json.text(entry, "url");
            if (number != null && url != null) {
              urls.put(number.intValue(), URI.create(url));
            }
          }
          return urls;
        }));
    return call(step);
  }

  public void completeUpload(ObjectNode body) {
    call(post("complete the build upload", "/builds/upload/complete", body, Retry.IDEMPOTENT, answer -> null)
        .withNotFoundHint("The upload was not found: it may have expired (raise build-upload-timeout) or been cancelled."));
  }

  /** Aborts an unfinished upload; a 404 means it is gone already, which is what we want. */
  public void cancelUpload(String buildId, String objectKey, String uploadId) {
    var query = new LinkedHashMap<String, String>();
    query.put("build_id", buildId);
    query.put("object_key", objectKey);
    if (uploadId != null) {
      query.put("upload_id", uploadId);
    }
    var step = new HttpStep<Void>("cancel the build upload", "DELETE", uri(base + "/builds/upload", query), null,
        Map.of("Accept", "application/json"), true, Retry.IDEMPOTENT, timeout, null, null, answer -> null);
    try {
      call(step);
    } catch (ApiException e) {
      if (e.status() != 404) {
        throw e;
      }
    }
  }

  /**
   * PUTs a file region to a presigned storage URL; returns the ETag exactly as storage sent it. The
   * deadline grows with the size, as if the link were no faster than 256 KB/s.
   */
  public String putToStorage(String purpose, URI url, HttpStep.FileRegion body) {
    Duration deadline = timeout.plusSeconds(body.length() / SLOWEST_BYTES_PER_SECOND);
    var step = new HttpStep<>(purpose, "PUT", url, body, Map.of("Content-Type", "application/octet-stream"), false,
        Retry.IDEMPOTENT, deadline, null, null, answer -> answer.header("ETag").orElse(null));
    return call(step);
  }

  // --- runs and jobs ---

  public StartedRun startRun(ObjectNode body) {
    return call(post("start the run", "/runs", body, Retry.NOT_TWICE,
            answer -> parse(answer, "start the run", StartedRun::from))
        .withNotFoundHint("Check test-id / test-plan-id, deployment-config-id and the build: one of them does not exist in this project (is project-id right?)."));
  }

  /** A job as polled, with the server's {@code Retry-After} if it sent one. */
  public record Polled(Job job, Duration retryAfter) {}

  public Polled job(String jobId) {
    String id = safeId(jobId);
    return call(get("get job " + id, base + "/jobs/" + id, answer -> new Polled(
        parse(answer, "get job " + id, Job::from), answer.retryAfter(caller.clock().now()).orElse(null))));
  }

  public RunDetails run(String runId) {
    String id = safeId(runId);
    return call(get("get run " + id, base + "/runs/" + id, answer -> parse(answer, "get run " + id, RunDetails::from)));
  }

  public List<Bug> bugs(String runId) {
    String id = safeId(runId);
    return call(get("list the bugs of run " + id, base + "/runs/" + id + "/bugs", answer -> parse(answer, "list bugs", Bug::listFrom)));
  }

  public StopResult stopRuns(List<String> jobIds) {
    ObjectNode body = Json.object();
    jobIds.forEach(body.putArray("job_ids")::add);
    var step = post("stop the runs", "/runs/stop", body, Retry.IDEMPOTENT, answer -> parse(answer, "stop runs", StopResult::from));
    try {
      return call(step);
    } catch (ApiException e) {
      if (e.status() == 404) {
        return new StopResult(0, jobIds.stream().map(id -> new StopResult.Failure(id, "not found")).toList());
      }
      throw e;
    }
  }

  /** Counts of a test plan execution, from the documented list filtered by plan (may be null). */
  public JsonNode testPlanExecution(String executionId, String testPlanId) {
    var query = new LinkedHashMap<String, String>();
    query.put("test_plan_id", testPlanId);
    query.put("page_size", "100");
    return call(get("list test plan executions", uri(base + "/test-plan-executions", query).toString(),
        answer -> parse(answer, "list test plan executions", json -> Json.array(json, "data").stream()
            .filter(execution -> executionId.equals(Json.text(execution, "id")))
            .findFirst()
            .orElse(null))));
  }

  // --- artifacts ---

  public List<RunDetails.Artifact> artifacts(String compositeRunId) {
    String id = safeId(compositeRunId);
    return call(get("list the artifacts of " + id, artifactsBase + "/runs/" + id + "/artifacts",
        answer -> parse(answer, "list artifacts", json -> Json.array(json, "artifacts").stream()
            .map(a -> new RunDetails.Artifact(Json.text(a, "filename"), Json.text(a, "url"), Json.integer(a, "size")))
            .filter(a -> a.filename() != null && a.url() != null)
            .toList())));
  }

  /** Downloads to a file, following redirects; the key goes only to the API and artifacts hosts. */
  public void download(String what, URI url, Path to) {
    call(new HttpStep<Void>("download " + what, "GET", url, null, Map.of(), true, Retry.IDEMPOTENT,
        Duration.ofMinutes(30), to, null, answer -> null));
  }

  // --- plumbing ---

  private <T> T call(HttpStep<T> step) {
    return caller.call(cleanup ? step.withRetry(Retry.ONCE, CLEANUP_TIMEOUT) : step);
  }

  private <T> HttpStep<T> post(String purpose, String path, ObjectNode body, Retry retry, HttpStep.Reader<T> reader) {
    byte[] bytes;
    try {
      bytes = Json.MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    return new HttpStep<>(purpose, "POST", URI.create(base + path), new HttpStep.Bytes(bytes),
        JSON_HEADERS, true, retry, timeout, null, null, reader);
  }

  private <T> HttpStep<T> get(String purpose, String url, HttpStep.Reader<T> reader) {
    return new HttpStep<>(purpose, "GET", URI.create(url), null, Map.of("Accept", "application/json"), true,
        Retry.IDEMPOTENT, timeout, null, null, reader);
  }

  private static <T> T parse(Answer answer, String purpose, Function<JsonNode, T> reader) {
    JsonNode json;
    try {
      json = answer.json();
    } catch (IOException e) {
      throw ApiException.unreadable(purpose, answer.status(), "it is not JSON");
    }
    try {
      return reader.apply(json);
    } catch (IllegalArgumentException e) {
      throw ApiException.unreadable(purpose, answer.status(), e.getMessage());
    }
  }

  /** Ids come from API answers and go into paths: anything but a plain token is refused. */
  private static String safeId(String id) {
    if (id == null || !SAFE_ID.matcher(id).matches() || id.contains("..")) {
      throw ApiException.invalid("nunu returned an id that is not safe to use in a URL: '"
          + Commands.oneLine(String.valueOf(id)) + "'");
    }
    return id;
  }

  private static URI uri(String path, Map<String, String> query) {
    String encoded = query.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return URI.create(path + "?" + encoded);
  }
}
