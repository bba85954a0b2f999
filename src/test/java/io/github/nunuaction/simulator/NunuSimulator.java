package io.github.nunuaction.simulator;

import static io.github.nunuaction.simulator.SimHttp.FATE;
import static io.github.nunuaction.simulator.SimHttp.Fault;
import static io.github.nunuaction.simulator.SimHttp.JSON;
import static io.github.nunuaction.simulator.SimHttp.RandomFaults;
import static io.github.nunuaction.simulator.SimHttp.TokenBucket;
import static io.github.nunuaction.simulator.SimHttp.error;
import static io.github.nunuaction.simulator.SimHttp.query;
import static io.github.nunuaction.simulator.SimHttp.send;
import static io.github.nunuaction.simulator.SimHttp.strike;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.github.nunuaction.simulator.SimState.ForeignBuild;
import io.github.nunuaction.simulator.SimState.SimJob;
import io.github.nunuaction.simulator.SimState.Upload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A simulated nunu API that behaves like the documented one (API.md): build upload reservations,
 * presigned storage URLs it serves itself (with ETags), completion and cancellation; runs that
 * start jobs, jobs that move QUEUED, STARTING, RUNNING, COMPLETED over successive polls; run
 * details with players, steps, reports and artifacts; bugs; stopping; and the artifacts host. Every
 * request is recorded so that tests can assert what the action sent.
 *
 * <p>This class is what tests see: the knobs, what it recorded, and the routing. The routes live by
 * area ({@link UploadRoutes}, {@link JobRoutes} with {@link Deployments}, {@link RunRoutes}, {@link
 * ListRoutes}, {@link BouncerRoutes}) over one {@link SimState}; {@link SimHttp} writes the answers
 * and makes the faults.
 */
public final class NunuSimulator implements AutoCloseable {
  public static final String API_KEY = "nunu_sim_0123456789abcdef";
  public static final String PROJECT = "sim-project";
  public static final String AGENT_CONFIG = "8f3c2a1b-4d5e-4f60-8a7b-9c0d1e2f3a4b";

  /** The project's default agent config, by the id form the docs show (API.md 2.7). */
  public static final String DEFAULT_AGENT = "ac_default";

  public static final String DEPLOYMENT_CONFIG = "456e7890-e89b-12d3-a456-426614174000";

  /** An iOS config that takes builds from Build Storage (one extra app). */
  public static final String IOS_CONFIG = "9a1b2c3d-4e5f-4789-a0b1-c2d3e4f5a6b7";

  /** A Windows config whose app is preinstalled: it takes no build. */
  public static final String PREINSTALLED_CONFIG = "5e1f0000-0000-4000-8000-00000000c0de";

  public static final String EXISTING_BUILD = "f14fa698-ee3e-4a3d-935d-bdbeb874ad25";
  public static final String TEST_PASS = "a5060a07-d386-4269-98ce-b33fb894201e";
  public static final String TEST_FAIL = "b1234567-89ab-4def-8123-456789abcdef";
  public static final String TEST_ERROR = "c7080b09-e498-4381-a0df-d55fb006413f";
  public static final String TEST_PLAN = "b3f1a2c4-5d6e-4f8a-9b0c-1d2e3f4a5b6c";
  public static final String TEST_PLAN_PASSING = "d4e5f6a7-8b9c-4d1e-8f3a-4b5c6d7e8f9a";

  /** A plan of many tests, added by {@link #addLargePlan}. */
  public static final String LARGE_PLAN = "1a7e0000-0000-4000-8000-000000000000";

  public static final long GIB = 1024L * 1024 * 1024;
  private static final Pattern PROJECT_PATH = Pattern.compile("^/api/v1(/project/([^/]+))?(/.*)$");

  /** A request as the simulator saw it. Storage bodies are not kept here, only their size. */
  public record Recorded(
      String method,
      String path,
      Map<String, String> query,
      Map<String, String> headers,
      String body,
      long bodyBytes) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException("not JSON: " + body, e);
      }
    }
  }

  /** How start-run answers: today's bare body, the intermediate envelope, or the MVP envelope. */
  public enum StartRunStyle {
    BARE,
    ENVELOPE,
    MVP
  }

  private final SimState sim;
  private final UploadRoutes uploadRoutes;
  private final Deployments deployments;
  private final JobRoutes jobRoutes;
  private final RunRoutes runRoutes;
  private final ListRoutes listRoutes;
  private final BouncerRoutes bouncerRoutes;
  private final HttpServer server;
  private final ExecutorService executor;

  public NunuSimulator(int port) throws IOException {
    this("127.0.0.1", port, null);
  }

  /**
   * On {@code host}, over TLS when {@code tls} is given (the self-test reaches it from a
   * container).
   */
  public NunuSimulator(String host, int port, SSLContext tls) throws IOException {
    if (tls == null) {
      server = HttpServer.create(new InetSocketAddress(host, port), 64);
    } else {
      HttpsServer https = HttpsServer.create(new InetSocketAddress(host, port), 64);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = https;
    }
    sim = new SimState(tls == null ? "http" : "https");
    uploadRoutes = new UploadRoutes(sim);
    deployments = new Deployments(sim);
    jobRoutes = new JobRoutes(sim, deployments);
    runRoutes = new RunRoutes(sim, deployments);
    listRoutes = new ListRoutes(sim, jobRoutes, runRoutes, uploadRoutes);
    bouncerRoutes = new BouncerRoutes(sim);
    executor = Executors.newFixedThreadPool(40);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    addDefaultProject();
  }

  public static NunuSimulator start() throws IOException {
    var simulator = new NunuSimulator(0);
    simulator.server.start();
    return simulator;
  }

  public void startServing() {
    server.start();
  }

  private void addDefaultProject() {
    sim.readyBuilds.add(EXISTING_BUILD);
    addConfig(
        new SimConfig(
            DEPLOYMENT_CONFIG,
            "Android phones",
            "android",
            "build_storage",
            Map.of(1, "build_storage", 2, "preinstalled"),
            List.of("Pixel 8", "Galaxy S24"),
            "android-native"));
    addConfig(
        new SimConfig(
            IOS_CONFIG,
            "iPhones",
            "ios",
            "build_storage",
            Map.of(1, "build_storage"),
            List.of("iPhone 15"),
            "ios-native"));
    addConfig(
        new SimConfig(
            PREINSTALLED_CONFIG,
            "Windows VM (installed)",
            "windows",
            "preinstalled",
            Map.of(),
            List.of("Windows VM"),
            "windows"));
    addTest(SimTest.passing(TEST_PASS, "Main menu smoke test"));
    addTest(
        SimTest.failing(
            TEST_FAIL,
            "Settings menu opens",
            "Tapped the Settings button three times; the settings menu never opened.",
            new SimTest.SimBug(
                "Settings button does nothing",
                "The Settings button on the main menu does not respond to taps.",
                "ui",
                "high")));
    addTest(SimTest.ending(TEST_ERROR, "Tutorial completes", "ERROR"));
    addPlan(TEST_PLAN, List.of(TEST_PASS, TEST_FAIL, TEST_PASS));
    addPlan(TEST_PLAN_PASSING, List.of(TEST_PASS, TEST_PASS));
  }

  // --- configuration ---

  public NunuSimulator addTest(SimTest test) {
    sim.tests.put(test.id(), test);
    return this;
  }

  /**
   * Adds {@link #LARGE_PLAN}: {@code tests} tests ("Level 001 loads", ...) of which every {@code
   * failEvery}th fails with a bug (0: none fails).
   */
  public NunuSimulator addLargePlan(int tests, int failEvery) {
    var ids = new ArrayList<String>();
    for (int i = 1; i <= tests; i++) {
      String id = String.format(Locale.ROOT, "1a7e0000-0000-4000-8000-%012d", i);
      String name = String.format(Locale.ROOT, "Level %03d loads", i);
      addTest(
          failEvery > 0 && i % failEvery == 0
              ? SimTest.failing(
                  id,
                  name,
                  "The level never finished loading.",
                  new SimTest.SimBug(
                      "Level " + i + " hangs while loading",
                      "The loading bar stops at 90%.",
                      "performance",
                      "medium"))
              : SimTest.passing(id, name));
      ids.add(id);
    }
    return addPlan(LARGE_PLAN, ids);
  }

  /**
   * The first {@code count} jobs of the test fail, whatever it does after: a flaky test (give it a
   * failing report with {@link SimTest#failing} and {@code withResults("SUCCESS")}).
   */
  public NunuSimulator failFirstJobs(String testId, int count) {
    sim.failingJobs.put(testId, count);
    return this;
  }

  public NunuSimulator addConfig(SimConfig config) {
    sim.configs.put(config.id(), config);
    return this;
  }

  /**
   * Storage answers 500 to every PUT of the upload of {@code fileName}, so that it fails for good;
   * the other uploads' PUTs are held until it has been cancelled, and a few seconds more.
   */
  public NunuSimulator failUploadOf(String fileName) {
    sim.failingUpload = fileName;
    return this;
  }

  /** A multi-device start fails on this device (the others start: 207). */
  public NunuSimulator failDevice(String label) {
    sim.failingDevices.add(label);
    return this;
  }

  public NunuSimulator addPlan(String id, List<String> testIds) {
    sim.plans.put(id, List.copyOf(testIds));
    return this;
  }

  public NunuSimulator multipartAbove(long bytes, long partBytes) {
    sim.multipartThreshold = bytes;
    sim.partSize = partBytes;
    return this;
  }

  /** Uploads larger than this are checked and discarded instead of kept for byte assertions. */
  public NunuSimulator keepBytesUpTo(long bytes) {
    sim.keepBytesUpTo = bytes;
    return this;
  }

  public NunuSimulator pollsBeforeCompletion(int polls) {
    sim.pollsBeforeCompletion = polls;
    return this;
  }

  /** Lists every job whatever the filter asks, as a server that does not know the filter would. */
  public NunuSimulator ignoreJobFilters(boolean ignore) {
    sim.ignoreJobFilters = ignore;
    return this;
  }

  /**
   * As unhelpful as the docs allow, for lists: jobs, runs and builds are listed whatever the filter
   * asks (tags, test, state, status), as a server that does not apply filters would.
   */
  public NunuSimulator ignoreListFilters(boolean ignore) {
    sim.ignoreListFilters = ignore;
    sim.ignoreJobFilters = ignore;
    return this;
  }

  /** Every list answers its first page, whatever {@code page} asks, saying there are more. */
  public NunuSimulator ignorePaging(boolean ignore) {
    sim.ignorePaging = ignore;
    return this;
  }

  /** Lists jobs, runs and builds oldest first (the docs promise no order). */
  public NunuSimulator oldestFirst(boolean oldest) {
    sim.oldestFirst = oldest;
    return this;
  }

  /**
   * A new job is listed only {@code delay} after it was made, on the time of {@code nanoTime} (the
   * action's virtual clock); asking for it by id works at once. The docs do not say that a new job
   * is listed at once.
   */
  public NunuSimulator listNewJobsAfter(Duration delay, LongSupplier nanoTime) {
    sim.simulatedTime = nanoTime;
    sim.listingDelayNanos = delay.toNanos();
    return this;
  }

  /** Knowledge files have the ETags of multipart uploads ({@code "<hex>-3"}), not an MD5. */
  public NunuSimulator multipartKnowledgeEtags(boolean multipart) {
    sim.multipartKnowledgeEtags = multipart;
    return this;
  }

  /**
   * Whether an ephemeral run needs {@code agent_config_id} (API.md 2.2.1: the current spec says so;
   * seed 001 and the mdx say it is optional): on by default.
   */
  public NunuSimulator requireAgentConfigWithInstructions(boolean required) {
    sim.agentConfigRequired = required;
    return this;
  }

  /**
   * Makes {@code rate} of the requests to the API and to storage fail at random ({@code seed} fixes
   * the draw): a connection reset before or after the work is done, a gateway's 502 or 503 page, a
   * 429, or an answer lost after the work was done.
   */
  public NunuSimulator randomFaults(double rate, long seed) {
    sim.randomFaults = new RandomFaults(rate, new Random(seed));
    return this;
  }

  /** How many faults {@link #randomFaults} made. */
  public int faultsMade() {
    RandomFaults faults = sim.randomFaults;
    return faults == null ? 0 : faults.made.get();
  }

  /** The next {@code count} starts create their jobs, then the connection breaks unanswered. */
  public NunuSimulator resetStartAnswers(int count) {
    sim.resetStartAnswers.set(count);
    return this;
  }

  /**
   * A job of someone else (another team, another repository) with these tags, made earlier: it runs
   * until stopped ({@code result} null), or has completed with {@code result}.
   */
  public String addForeignJob(String testId, List<String> tags, String result) {
    var job =
        new SimJob(sim.tests.get(testId), EXISTING_BUILD, null, 0, 1, jobRoutes.nextCreation());
    job.foreign = true;
    job.tags.addAll(tags);
    job.completed = result != null;
    job.runIds.add(jobRoutes.newRun(job, result));
    jobRoutes.register(job);
    job.createdNanos = Long.MIN_VALUE / 2;
    return job.id;
  }

  /** A ready build of someone else: this size and these tags, but not the content tag asked for. */
  public String addForeignBuild(long size, List<String> tags) {
    String id = UUID.randomUUID().toString();
    sim.foreignBuilds.put(id, new ForeignBuild(size, List.copyOf(tags)));
    sim.readyBuilds.add(id);
    return id;
  }

  /** Jobs that are neither completed nor stopped: still running on the simulated nunu. */
  public List<String> runningJobs() {
    return sim.jobOrder.stream()
        .map(sim.jobs::get)
        .filter(job -> !job.foreign)
        .filter(
            job -> {
              synchronized (job) {
                return !job.completed && !job.stopped;
              }
            })
        .map(job -> job.id)
        .toList();
  }

  /**
   * Limits the API (not storage) to {@code perSecond} requests a second, with bursts of up to
   * {@code burst}: a request over the limit gets {@code 429} and a {@code Retry-After} of the
   * seconds until a request would be let through (API.md 1.5 documents the 429, not the limits).
   */
  public NunuSimulator rateLimit(double perSecond, int burst) {
    return rateLimit(perSecond, burst, System::nanoTime);
  }

  /** The same, on the time of {@code nanoTime} (a test's virtual clock). */
  public NunuSimulator rateLimit(double perSecond, int burst, LongSupplier nanoTime) {
    sim.rateLimit = new TokenBucket(perSecond, burst, nanoTime);
    return this;
  }

  /** How many requests the rate limit refused. */
  public int throttled() {
    return sim.throttled.get();
  }

  /** Sends {@code Retry-After} with unfinished jobs, as a server may to pace pollers. */
  public NunuSimulator retryAfter(Integer seconds) {
    sim.retryAfterSeconds = seconds;
    return this;
  }

  /**
   * Hands out presigned URLs on another server (a benchmark's discard storage); completion then
   * checks that every part has an ETag but cannot check the ETags themselves.
   */
  public NunuSimulator externalStorage(String baseUrl) {
    sim.externalStorage = baseUrl;
    return this;
  }

  /**
   * Prints {@code request <epoch millis> <method> <path>} for each request, and {@code completed
   * <epoch millis> <job id>} when a job completes (the benchmarks).
   */
  public NunuSimulator logRequests(boolean enabled) {
    sim.logRequests = enabled;
    return this;
  }

  /**
   * The next {@code count} completions take effect but their answers are lost: a gateway answers
   * 502 instead, as when the connection to the backend broke after it did the work.
   */
  public NunuSimulator loseCompletionAnswers(int count) {
    sim.lostCompletionAnswers.set(count);
    return this;
  }

  /** Storage answers 500 to every PUT of this part (0: none), so that the upload is aborted. */
  public NunuSimulator failPart(int part) {
    sim.failingPart = part;
    return this;
  }

  /** The next {@code count} starts create their jobs, but a gateway answers 502 instead. */
  public NunuSimulator loseStartAnswers(int count) {
    sim.lostStartAnswers.set(count);
    return this;
  }

  /** The next {@code count} starts fail with 502 before creating anything. */
  public NunuSimulator failStartsBeforeCreating(int count) {
    sim.startsFailingBeforeCreating.set(count);
    return this;
  }

  /**
   * Every request to {@code route} ("GET /jobs", as after the project prefix) gets {@code status}.
   */
  public NunuSimulator failRoute(String route, int status) {
    sim.failingRoutes.put(route, status);
    return this;
  }

  /** The project's knowledge files: path → content (the ETag is the content's MD5). */
  public NunuSimulator projectKnowledge(Map<String, String> files) {
    sim.projectKnowledge.clear();
    sim.projectKnowledge.putAll(files);
    return this;
  }

  public NunuSimulator startRunStyle(StartRunStyle style) {
    sim.startRunStyle = style;
    return this;
  }

  // --- what tests read ---

  public URI apiUrl() {
    return URI.create(sim.scheme + "://127.0.0.1:" + port() + "/api/v1");
  }

  public URI artifactsUrl() {
    return URI.create(sim.scheme + "://127.0.0.1:" + port() + "/bouncer");
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public List<Recorded> requests() {
    return List.copyOf(sim.requests);
  }

  /** "METHOD path" of every request, query left out, in order. */
  public List<String> requestLines() {
    return sim.requests.stream().map(r -> r.method() + " " + r.path()).toList();
  }

  /** The bytes storage received for a build, concatenated by part number (kept uploads only). */
  public byte[] uploadedBytes(String buildId) {
    Upload upload =
        sim.uploads.values().stream()
            .filter(u -> u.buildId.equals(buildId))
            .findFirst()
            .orElseThrow();
    var out = new ByteArrayOutputStream();
    for (int part = 1; part <= upload.totalParts; part++) {
      byte[] bytes = upload.bytes.get(part);
      if (bytes == null) {
        throw new IllegalStateException("part " + part + " was not kept");
      }
      out.writeBytes(bytes);
    }
    return out.toByteArray();
  }

  /** Every job started, in the order the starts created them. */
  public List<String> jobIds() {
    return List.copyOf(sim.jobOrder);
  }

  /** The runs of the jobs, job by job, in the order they were made. */
  public List<String> runIds() {
    var ids = new ArrayList<String>();
    for (String jobId : sim.jobOrder) {
      SimJob job = sim.jobs.get(jobId);
      synchronized (job) {
        ids.addAll(job.runIds);
      }
    }
    return ids;
  }

  public String uploadState(String buildId) {
    return sim.uploads.values().stream()
        .filter(u -> u.buildId.equals(buildId))
        .map(u -> u.state)
        .findFirst()
        .orElse(null);
  }

  /** The test a job runs. */
  public String testOf(String jobId) {
    return sim.jobs.get(jobId).test.id();
  }

  public boolean jobStopped(String jobId) {
    SimJob job = sim.jobs.get(jobId);
    return job != null && job.stopped;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // --- routing ---

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      String method = exchange.getRequestMethod();
      RandomFaults faults = sim.randomFaults;
      Fault fault = faults == null ? null : faults.next();
      if (path.startsWith("/storage/")) {
        if (fault != null) {
          // A storage fault breaks the request before its body is read, or answers 503.
          strike(exchange, fault == Fault.RESET ? Fault.RESET : Fault.UNAVAILABLE);
          return;
        }
        uploadRoutes.storage(exchange, path, query);
        return;
      }
      byte[] body = exchange.getRequestBody().readAllBytes();
      sim.record(exchange, path, query, new String(body, StandardCharsets.UTF_8), body.length);
      if (fault != null && !fault.afterTheWork()) {
        strike(exchange, fault);
        return;
      }
      FATE.set(fault);
      if (path.startsWith("/bouncer/")) {
        if (authorized(exchange)) {
          bouncerRoutes.bouncer(exchange, path.substring("/bouncer".length()));
        }
        return;
      }
      TokenBucket limit = sim.rateLimit;
      long wait = limit == null ? 0 : limit.take();
      if (wait > 0) {
        sim.throttled.incrementAndGet();
        exchange.getResponseHeaders().set("Retry-After", String.valueOf(wait));
        send(exchange, 429, error("Too many requests"));
        return;
      }
      Matcher matcher = PROJECT_PATH.matcher(path);
      if (!matcher.matches()) {
        send(exchange, 404, error("no such route: " + path));
        return;
      }
      String route = matcher.group(3);
      if (method.equals("GET") && route.equals("/builds/upload/parts")) {
        uploadRoutes.partUrls(exchange, query); // the upload id is the credential: no key needed
        return;
      }
      if (!authorized(exchange)) {
        return;
      }
      JsonNode json = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
      Integer failing = sim.failingRoutes.get(method + " " + route);
      if (failing != null) {
        send(exchange, failing, error("simulated failure"));
        return;
      }
      switch (method
          + " "
          + route
              .replaceAll("/[0-9a-f-]{36}", "/{uuid}")
              .replaceAll("/runs/[a-z0-9]{11,12}", "/runs/{run}")) {
        case "POST /builds/upload" ->
            uploadRoutes.initiate(exchange, (ObjectNode) json, matcher.group(2));
        case "POST /builds/upload/complete" -> uploadRoutes.complete(exchange, json);
        case "GET /builds/{uuid}" ->
            uploadRoutes.getBuild(exchange, route.substring("/builds/".length()));
        case "DELETE /builds/upload" -> uploadRoutes.cancel(exchange, query);
        case "POST /runs" -> jobRoutes.startRun(exchange, json);
        case "POST /runs/stop" -> jobRoutes.stopRuns(exchange, json);
        case "GET /jobs/{uuid}" -> jobRoutes.getJob(exchange, route.substring("/jobs/".length()));
        case "GET /jobs" -> listRoutes.listJobs(exchange, query);
        case "GET /runs" -> listRoutes.listRuns(exchange, query);
        case "GET /builds" -> listRoutes.listBuilds(exchange, query);
        case "GET /runs/{run}" -> runRoutes.getRun(exchange, route.substring("/runs/".length()));
        case "GET /runs/{run}/bugs" -> runRoutes.getBugs(exchange, route.split("/")[2]);
        case "GET /test-plan-executions" -> listRoutes.executions(exchange, query);
        case "GET /deployment-configs" ->
            listRoutes.sendPage(
                exchange, query, sim.configs.values().stream().map(SimConfig::json).toList());
        default -> send(exchange, 404, error("no such route: " + method + " " + route));
      }
    } catch (RuntimeException e) {
      e.printStackTrace();
      throw e;
    } finally {
      FATE.remove();
    }
  }

  private boolean authorized(HttpExchange exchange) throws IOException {
    String key = exchange.getRequestHeaders().getFirst("X-Api-Key");
    if (key == null) {
      send(exchange, 401, error("API key required"));
      return false;
    }
    if (!key.equals(API_KEY)) {
      send(exchange, 401, error("Invalid API key"));
      return false;
    }
    return true;
  }
}
