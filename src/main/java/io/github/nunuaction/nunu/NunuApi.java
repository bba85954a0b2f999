package io.github.nunuaction.nunu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.nunuaction.actions.Commands;
import io.github.nunuaction.core.Cancellation;
import io.github.nunuaction.core.Json;
import io.github.nunuaction.http.ApiException;
import io.github.nunuaction.http.HttpCaller;
import io.github.nunuaction.http.HttpStep;
import io.github.nunuaction.http.HttpStep.FileRegion;
import io.github.nunuaction.http.HttpStep.Reader;
import io.github.nunuaction.http.HttpStep.Retry;
import io.github.nunuaction.http.Query;
import io.github.nunuaction.http.Service;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The nunu endpoints the action uses (API.md section 2), each described as an {@link HttpStep}.
 * Paths are {@code {api-url}/project/{project-id}/...} when a project id is given, else the legacy
 * unscoped form; artifacts live on their own host, and storage URLs are presigned.
 */
public final class NunuApi {
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_.-]{1,200}");
  private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(30);
  private static final long SLOWEST_BYTES_PER_SECOND = 256 * 1024;
  private static final int PAGE = 100;

  private final HttpCaller caller;
  private final String projectId;
  private final String base;
  private final String artifactsBase;
  private final Services services;

  /** The API key goes to the API and the artifacts host, never to storage. */
  private record Services(Service api, Service parts, Service artifacts, Service storage) {}

  private NunuApi(
      HttpCaller caller, String projectId, String base, String artifactsBase, Services services) {
    this.caller = caller;
    this.projectId = projectId;
    this.base = base;
    this.artifactsBase = artifactsBase;
    this.services = services;
  }

  public static NunuApi connect(
      HttpCaller caller, URI apiUrl, String projectId, URI artifactsUrl, String apiKey) {
    var services =
        new Services(
            Service.withCredential(
                "nunu", "X-Api-Key", apiKey, Set.of(apiUrl), Map.of(), NunuHints.API),
            // The part URLs need no key: the upload id is the credential (API.md section 2.1.2).
            Service.anonymous("nunu", NunuHints.API),
            Service.withCredential(
                "nunu artifacts",
                "X-Api-Key",
                apiKey,
                Set.of(artifactsUrl),
                Map.of(),
                NunuHints.API),
            Service.anonymous("storage", NunuHints.STORAGE));
    String base = apiUrl + (projectId == null ? "" : "/project/" + projectId);
    return new NunuApi(caller, projectId, base, artifactsUrl.toString(), services);
  }

  /** The API, stopped by {@code cancellation}; see {@link HttpCaller#withCancellation}. */
  public NunuApi withCancellation(Cancellation cancellation) {
    return new NunuApi(
        caller.withCancellation(cancellation), projectId, base, artifactsBase, services);
  }

  /** The API for cleanup after a failure or a signal; see {@link HttpCaller#forCleanup()}. */
  public NunuApi forCleanup() {
    return new NunuApi(caller.forCleanup(), projectId, base, artifactsBase, services);
  }

  // --- builds ---

  /**
   * Retried like a read: a reservation made twice only holds storage until its upload_timeout,
   * which is better than failing the build on one bad gateway. Starting a run is not retried so.
   */
  public UploadTicket initiateUpload(UploadRequest request) {
    // API.md 2.1.1: required on the legacy route, optional but checked on the scoped one.
    ObjectNode body = request.json();
    if (projectId != null) {
      body.put("project_id", projectId);
    }
    return caller.call(
        HttpStep.post(
                services.api(),
                "reserve the build upload",
                uri("/builds/upload"),
                body,
                Reader.json(UploadTicket::from))
            .withRetry(Retry.IDEMPOTENT)
            .withHint(
                400,
                projectId != null
                    ? "nunu rejected the build's description; check the build-* inputs."
                    : "nunu rejected the build's description. Without project-id the action uses"
                        + " the unscoped route, where the docs require the project: set"
                        + " project-id."));
  }

  /** Presigned URLs for the given parts. No key: the upload id is the credential. */
  public Map<Integer, URI> partUrls(String uploadId, String objectKey, List<Integer> partNumbers) {
    List<String> parts = partNumbers.stream().map(String::valueOf).toList();
    Query query =
        Query.of()
            .add("upload_id", uploadId)
            .add("object_key", objectKey)
            .addList("part_numbers", parts);
    return caller.call(
        HttpStep.get(
            services.parts(),
            "get upload URLs for parts " + String.join(",", parts),
            query.on(base + "/builds/upload/parts"),
            Reader.json(UploadTicket::partUrls)));
  }

  /**
   * Completes an upload (API.md 2.1.4): a single-part one by its build id; a multipart one with its
   * upload id, object key and the parts' ETags as storage returned them, by part number.
   */
  public void completeUpload(UploadTicket ticket, List<String> etags) {
    caller.call(
        HttpStep.post(
                services.api(),
                "complete the build upload",
                uri("/builds/upload/complete"),
                ticket.completion(etags),
                answer -> null)
            .withRetry(Retry.IDEMPOTENT)
            .withHint(
                404,
                "The upload was not found: it may have expired (raise build-upload-timeout) or"
                    + " been cancelled."));
  }

  public Build build(String buildId) {
    String id = safeId(buildId);
    return caller.call(
        HttpStep.get(
            services.api(), "get build " + id, uri("/builds/" + id), Reader.json(Build::from)));
  }

  /** Aborts an unfinished upload; a 404 means it is gone already, which is what we want. */
  public void cancelUpload(String buildId, String objectKey, String uploadId) {
    Query query =
        Query.of().add("build_id", buildId).add("object_key", objectKey).add("upload_id", uploadId);
    try {
      caller.call(
          HttpStep.delete(
              services.api(), "cancel the build upload", query.on(base + "/builds/upload")));
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
  public String putToStorage(String purpose, URI url, FileRegion body) {
    Duration deadline =
        caller.requestTimeout().plusSeconds(body.length() / SLOWEST_BYTES_PER_SECOND);
    return caller.call(HttpStep.put(services.storage(), purpose, url, body, deadline));
  }

  // --- runs and jobs ---

  /**
   * Starts a run; the request is not repeated by the caller. A lost answer, or a gateway's 5xx, may
   * hide runs that started (the caller looks them up); an answer from nunu itself is definite: a
   * 500 with a result per device means that no device started (API.md 2.2.1), and a 400 for want of
   * an agent config says which input to set.
   */
  public StartedRun startRun(StartRequest request) {
    try {
      return caller.call(
          HttpStep.post(
                  services.api(),
                  "start the run",
                  uri("/runs"),
                  request.json(),
                  Reader.json(StartedRun::from))
              .withHint(
                  HttpStep.NO_ANSWER,
                  "The runs may have started anyway: look in nunu (Runs page, runs started just now"
                      + " by this API key) and stop them or wait for them before running the"
                      + " workflow again, so as not to start them twice.")
              .withHint(
                  402,
                  "nunu's quota for runs is used up: wait for running tests to finish, or raise"
                      + " the project's quota in nunu.")
              .withHint(
                  404,
                  "Check test-id / test-plan-id, deployment-config-id and the build: one of them"
                      + " does not exist in this project (is project-id right?)."));
    } catch (ApiException failure) {
      throw StartedRun.explain(failure);
    }
  }

  /** A job as polled, with the server's {@code Retry-After} if it sent one. */
  public record Polled(Job job, Duration retryAfter) {}

  public Polled job(String jobId) {
    String id = safeId(jobId);
    return caller.call(
        HttpStep.get(
            services.api(),
            "get job " + id,
            uri("/jobs/" + id),
            answer ->
                new Polled(
                    Job.from(answer.jsonBody()),
                    answer.retryAfter(caller.clock().now()).orElse(null))));
  }

  /** One page of a job list, with the server's {@code Retry-After} if it sent one. */
  public record JobPage(List<Job> jobs, boolean hasMore, Long totalPages, Duration retryAfter) {}

  /** Page {@code page} (from 0) of the jobs {@code filter} asks for, {@value #PAGE} at a time. */
  public JobPage jobs(JobFilter filter, int page) {
    Query query = filter.query().add("status", "all").add("page", page).add("page_size", PAGE);
    return caller.call(
        HttpStep.get(
            services.api(),
            "list the jobs with " + filter,
            query.on(base + "/jobs"),
            answer -> {
              Page<Job> jobs = Page.of(answer.jsonBody(), Job::from);
              return new JobPage(
                  jobs.items(),
                  !jobs.items().isEmpty() && jobs.hasMore(page),
                  jobs.totalPages(),
                  answer.retryAfter(caller.clock().now()).orElse(null));
            }));
  }

  /** How many jobs one page of a list holds. */
  public static int pageSize() {
    return PAGE;
  }

  /**
   * The jobs with all of {@code tags} ("all must match", API.md 2.3.2), checked one by one: up to
   * {@code maxPages} pages.
   */
  public Listed<Job> jobsTagged(List<String> tags, int maxPages) {
    JobFilter filter = JobFilter.tagged(tags);
    return listed(
        "list the jobs tagged " + String.join(",", tags),
        "/jobs",
        () -> filter.query().add("status", "all"),
        Job::from,
        filter::matches,
        Job::jobId,
        maxPages);
  }

  /** Every deployment config of the project (API.md 2.7), a hundred a page, up to ten pages. */
  public Listed<DeploymentConfig> deploymentConfigs() {
    return listed(
        "list the deployment configs",
        "/deployment-configs",
        Query::of,
        DeploymentConfig::from,
        config -> true,
        DeploymentConfig::id,
        10);
  }

  /** The usable builds with the content tag of {@code filter}, checked one by one: one page. */
  public Listed<Build> builds(BuildFilter filter) {
    return listed(
        "list the builds tagged " + filter.contentTag(),
        "/builds",
        filter::query,
        Build::from,
        filter::matches,
        Build::id,
        1);
  }

  /**
   * The completed runs of a test with all of some tags (API.md 2.2.2), checked one by one, in the
   * order nunu lists them (which the docs do not promise): up to {@code maxPages} pages.
   */
  public Listed<RunSummary> runs(RunFilter filter, int maxPages) {
    return listed(
        "list the completed runs of test " + filter.testId(),
        "/runs",
        filter::query,
        RunSummary::from,
        filter::matches,
        RunSummary::runId,
        maxPages);
  }

  /** Reads a list page by page, each item checked with {@code matches}: see {@link Listed#read}. */
  private <T> Listed<T> listed(
      String purpose,
      String path,
      Supplier<Query> filter,
      Function<JsonNode, T> reader,
      Predicate<T> matches,
      Function<T, String> idOf,
      int maxPages) {
    return Listed.read(
        page ->
            caller.call(
                HttpStep.get(
                    services.api(),
                    purpose,
                    filter.get().add("page", page).add("page_size", PAGE).on(base + path),
                    Reader.json(json -> Page.of(json, reader)))),
        matches,
        idOf,
        maxPages);
  }

  /**
   * The knowledge files the agents of a run can read (API.md 2.6): the project's, and the agent's
   * and the test case's when their ids are given.
   */
  public List<KnowledgeFile> knowledge(String agentId, String testCaseId) {
    if (projectId == null) {
      throw new IllegalStateException("knowledge needs project-id");
    }
    Query query =
        Query.of()
            .add("agent_id", agentId)
            .add("test_case_id", testCaseId)
            .add("include_metadata", "true");
    return caller.call(
        HttpStep.get(
            services.artifacts(),
            "list the knowledge files",
            query.on(artifactsBase + "/file-storage/" + safeId(projectId)),
            Reader.json(KnowledgeFile::listFrom)));
  }

  public RunDetails run(String runId) {
    String id = safeId(runId);
    return caller.call(
        HttpStep.get(
            services.api(), "get run " + id, uri("/runs/" + id), Reader.json(RunDetails::from)));
  }

  public List<Bug> bugs(String runId) {
    String id = safeId(runId);
    return caller.call(
        HttpStep.get(
            services.api(),
            "list the bugs of run " + id,
            uri("/runs/" + id + "/bugs"),
            Reader.json(Bug::listFrom)));
  }

  /** Stops the jobs; a 404 means none of them is known (any more), reported per job. */
  public StopResult stopRuns(List<String> jobIds) {
    ObjectNode body = Json.object();
    jobIds.forEach(body.putArray("job_ids")::add);
    try {
      return caller.call(
          HttpStep.post(
                  services.api(),
                  "stop the runs",
                  uri("/runs/stop"),
                  body,
                  Reader.json(StopResult::from))
              .withRetry(Retry.IDEMPOTENT));
    } catch (ApiException e) {
      if (e.status() == 404) {
        return new StopResult(
            0, jobIds.stream().map(id -> new StopResult.Failure(id, "not found")).toList());
      }
      throw e;
    }
  }

  /**
   * A test plan execution's counts, from the documented list filtered by plan (there is no
   * documented route for one execution); null when it is not on the first page.
   */
  public PlanExecution planExecution(String executionId, String testPlanId) {
    Query query = Query.of().add("test_plan_id", testPlanId).add("page_size", 100);
    return caller.call(
        HttpStep.get(
            services.api(),
            "list test plan executions",
            query.on(base + "/test-plan-executions"),
            Reader.json(json -> PlanExecution.find(json, executionId))));
  }

  // --- artifacts ---

  public List<RunDetails.Artifact> artifacts(String compositeRunId) {
    String id = safeId(compositeRunId);
    return caller.call(
        HttpStep.get(
            services.artifacts(),
            "list the artifacts of " + id,
            URI.create(artifactsBase + "/runs/" + id + "/artifacts"),
            Reader.json(RunDetails::artifacts)));
  }

  /** Downloads to a file, following redirects; the key goes only to the nunu hosts. */
  public void download(String what, URI url, Path to) {
    caller.call(
        HttpStep.download(services.artifacts(), "download " + what, url, to, DOWNLOAD_TIMEOUT));
  }

  // --- plumbing ---

  /** Ids come from API answers and go into paths: anything but a plain token is refused. */
  private static String safeId(String id) {
    if (id == null || !SAFE_ID.matcher(id).matches() || id.contains("..")) {
      throw ApiException.invalid(
          "nunu returned an id that is not safe to use in a URL: '"
              + Commands.oneLine(String.valueOf(id))
              + "'");
    }
    return id;
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }
}
