package io.github.nunuaction.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern PROJECT_PATH = Pattern.compile("^/api/v1(/project/([^/]+))?(/.*)$");
  private static final List<String> STATUSES = List.of("QUEUED", "STARTING", "RUNNING");
  private static final Set<String> EXECUTION_FAILURES = Set.of("ERROR", "TIMEOUT", "STOPPED");
  private static final Instant RUN_START = Instant.parse("2026-03-03T15:50:23.601048Z");
  private static final String KEY_ID = "7f028653-0e85-4c37-87be-c59976796155";

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

  private final HttpServer server;
  private final String scheme;
  private final ExecutorService executor;
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private final Map<String, SimTest> tests = new ConcurrentHashMap<>();
  private final Map<String, List<String>> plans = new ConcurrentHashMap<>();
  private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
  private final Set<String> readyBuilds = ConcurrentHashMap.newKeySet();
  private final Map<String, SimJob> jobs = new ConcurrentHashMap<>();
  private final List<String> jobOrder = new CopyOnWriteArrayList<>();
  private final Map<String, SimRun> runs = new ConcurrentHashMap<>();
  private final Map<String, Execution> executions = new ConcurrentHashMap<>();
  private final Map<String, SimConfig> configs = new ConcurrentHashMap<>();
  private final Set<String> failingDevices = ConcurrentHashMap.newKeySet();
  private volatile String failingUpload;
  private final CountDownLatch failingUploadCancelled = new CountDownLatch(1);
  private final AtomicInteger creations = new AtomicInteger();

  private volatile long multipartThreshold = 3 * GIB;
  private volatile long partSize = 100L * 1024 * 1024;
  private volatile long keepBytesUpTo = 64L * 1024 * 1024;
  private volatile int pollsBeforeCompletion = 3;
  private volatile Integer retryAfterSeconds;
  private volatile StartRunStyle startRunStyle = StartRunStyle.BARE;
  private volatile String externalStorage;
  private volatile boolean logRequests;
  private volatile boolean ignoreJobFilters;
  private volatile boolean ignoreListFilters;
  private volatile boolean ignorePaging;
  private volatile boolean oldestFirst;
  private volatile long listingDelayNanos;
  private volatile LongSupplier simulatedTime = System::nanoTime;
  private volatile boolean multipartKnowledgeEtags;
  private volatile boolean agentConfigRequired = true;
  private volatile RandomFaults randomFaults;
  private final AtomicInteger resetStartAnswers = new AtomicInteger();
  private final Map<String, ForeignBuild> foreignBuilds = new ConcurrentHashMap<>();
  private volatile TokenBucket rateLimit;
  private final AtomicInteger throttled = new AtomicInteger();
  private final AtomicInteger lostCompletionAnswers = new AtomicInteger();
  private volatile int failingPart;
  private final AtomicInteger lostStartAnswers = new AtomicInteger();
  private final AtomicInteger startsFailingBeforeCreating = new AtomicInteger();
  private final Map<String, Integer> failingRoutes = new ConcurrentHashMap<>();
  private final Map<String, String> projectKnowledge =
      new ConcurrentHashMap<>(
          Map.of(
              "game-design.md", "# Space game\nThe player flies a ship.\n",
              "subdir/rules.txt", "Three lives. No saving in boss fights.\n"));

  private static final class Upload {
    final String buildId = UUID.randomUUID().toString();
    final String objectKey;
    final String uploadId;
    final long fileSize;
    final long partSize;
    final int totalParts;
    final Map<Integer, String> etags = new ConcurrentHashMap<>();
    final Map<Integer, byte[]> bytes = new ConcurrentHashMap<>();
    final Set<String> signatures = ConcurrentHashMap.newKeySet();
    volatile String state = "RESERVED";
    final ObjectNode request;

    Upload(ObjectNode request, long fileSize, long partSize, boolean multipart) {
      this.request = request;
      this.fileSize = fileSize;
      this.objectKey = hex(6) + "/" + request.path("file_name").asText();
      this.uploadId = multipart ? "upload-" + hex(8) : null;
      this.partSize = multipart ? partSize : fileSize;
      this.totalParts = multipart ? (int) ((fileSize + partSize - 1) / partSize) : 1;
    }

    long lengthOf(int part) {
      return Math.min(partSize, fileSize - (part - 1) * partSize);
    }
  }

  /**
   * A job: one per test (API.md 2.2.1), with a run per instance; a run that ends in an execution
   * failure (ERROR, TIMEOUT, STOPPED) is retried while the job's retries last (API.md 4.2).
   */
  private static final class SimJob {
    final String id = UUID.randomUUID().toString();
    final SimTest test;
    final String buildId;
    final String executionId;
    final int retries;
    final int instances;
    final List<String> tags = new ArrayList<>();
    final Instant createdAt;
    final List<String> runIds = new ArrayList<>();
    // Where it runs: its config (and device, for a multi-device run), and the builds by app.
    String configId = DEPLOYMENT_CONFIG;
    String device;
    String hero;
    final Map<Integer, String> extraBuilds = new TreeMap<>();
    final Map<Integer, String[]> playerDeployments = new TreeMap<>();
    int retriesLeft;
    int polls;
    boolean stopped;
    boolean completed;
    // When it was made, on the simulated clock: a list shows it only after the listing delay.
    long createdNanos;
    // Someone else's job: it never moves on by itself (nobody of ours polls it).
    boolean foreign;

    SimJob(
        SimTest test,
        String buildId,
        String executionId,
        int retries,
        int instances,
        Instant createdAt) {
      this.createdAt = createdAt;
      this.test = test;
      this.buildId = buildId;
      this.executionId = executionId;
      this.retries = retries;
      this.instances = instances;
      this.retriesLeft = retries;
    }
  }

  private record SimRun(String id, SimJob job, String result) {}

  private record Execution(
      String id, String planId, String buildId, Instant startedAt, List<String> jobIds) {}

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
    scheme = tls == null ? "http" : "https";
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
    readyBuilds.add(EXISTING_BUILD);
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
    tests.put(test.id(), test);
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

  public NunuSimulator addConfig(SimConfig config) {
    configs.put(config.id(), config);
    return this;
  }

  /**
   * Storage answers 500 to every PUT of the upload of {@code fileName}, so that it fails for good;
   * the other uploads' PUTs are held until it has been cancelled, and a few seconds more.
   */
  public NunuSimulator failUploadOf(String fileName) {
    failingUpload = fileName;
    return this;
  }

  /** A multi-device start fails on this device (the others start: 207). */
  public NunuSimulator failDevice(String label) {
    failingDevices.add(label);
    return this;
  }

  public NunuSimulator addPlan(String id, List<String> testIds) {
    plans.put(id, List.copyOf(testIds));
    return this;
  }

  public NunuSimulator multipartAbove(long bytes, long partBytes) {
    multipartThreshold = bytes;
    partSize = partBytes;
    return this;
  }

  /** Uploads larger than this are checked and discarded instead of kept for byte assertions. */
  public NunuSimulator keepBytesUpTo(long bytes) {
    keepBytesUpTo = bytes;
    return this;
  }

  public NunuSimulator pollsBeforeCompletion(int polls) {
    pollsBeforeCompletion = polls;
    return this;
  }

  /** Lists every job whatever the filter asks, as a server that does not know the filter would. */
  public NunuSimulator ignoreJobFilters(boolean ignore) {
    ignoreJobFilters = ignore;
    return this;
  }

  /**
   * As unhelpful as the docs allow, for lists: jobs, runs and builds are listed whatever the filter
   * asks (tags, test, state, status), as a server that does not apply filters would.
   */
  public NunuSimulator ignoreListFilters(boolean ignore) {
    ignoreListFilters = ignore;
    ignoreJobFilters = ignore;
    return this;
  }

  /** Every list answers its first page, whatever {@code page} asks, saying there are more. */
  public NunuSimulator ignorePaging(boolean ignore) {
    ignorePaging = ignore;
    return this;
  }

  /** Lists jobs, runs and builds oldest first (the docs promise no order). */
  public NunuSimulator oldestFirst(boolean oldest) {
    oldestFirst = oldest;
    return this;
  }

  /**
   * A new job is listed only {@code delay} after it was made, on the time of {@code nanoTime} (the
   * action's virtual clock); asking for it by id works at once. The docs do not say that a new job
   * is listed at once.
   */
  public NunuSimulator listNewJobsAfter(Duration delay, LongSupplier nanoTime) {
    simulatedTime = nanoTime;
    listingDelayNanos = delay.toNanos();
    return this;
  }

  /** Knowledge files have the ETags of multipart uploads ({@code "<hex>-3"}), not an MD5. */
  public NunuSimulator multipartKnowledgeEtags(boolean multipart) {
    multipartKnowledgeEtags = multipart;
    return this;
  }

  /**
   * Whether an ephemeral run needs {@code agent_config_id} (API.md 2.2.1: the current spec says so;
   * seed 001 and the mdx say it is optional): on by default.
   */
  public NunuSimulator requireAgentConfigWithInstructions(boolean required) {
    agentConfigRequired = required;
    return this;
  }

  /**
   * Makes {@code rate} of the requests to the API and to storage fail at random ({@code seed} fixes
   * the draw): a connection reset before or after the work is done, a gateway's 502 or 503 page, a
   * 429, or an answer lost after the work was done.
   */
  public NunuSimulator randomFaults(double rate, long seed) {
    randomFaults = new RandomFaults(rate, new Random(seed));
    return this;
  }

  /** How many faults {@link #randomFaults} made. */
  public int faultsMade() {
    RandomFaults faults = randomFaults;
    return faults == null ? 0 : faults.made.get();
  }

  /** The next {@code count} starts create their jobs, then the connection breaks unanswered. */
  public NunuSimulator resetStartAnswers(int count) {
    resetStartAnswers.set(count);
    return this;
  }

  /**
   * A job of someone else (another team, another repository) with these tags, made earlier: it runs
   * until stopped ({@code result} null), or has completed with {@code result}.
   */
  public String addForeignJob(String testId, List<String> tags, String result) {
    var job = new SimJob(tests.get(testId), EXISTING_BUILD, null, 0, 1, nextCreation());
    job.foreign = true;
    job.tags.addAll(tags);
    job.completed = result != null;
    job.runIds.add(newRun(job, result));
    register(job);
    job.createdNanos = Long.MIN_VALUE / 2;
    return job.id;
  }

  /** A ready build of someone else: this size and these tags, but not the content tag asked for. */
  public String addForeignBuild(long size, List<String> tags) {
    String id = UUID.randomUUID().toString();
    foreignBuilds.put(id, new ForeignBuild(size, List.copyOf(tags)));
    readyBuilds.add(id);
    return id;
  }

  private record ForeignBuild(long size, List<String> tags) {}

  /** Jobs that are neither completed nor stopped: still running on the simulated nunu. */
  public List<String> runningJobs() {
    return jobOrder.stream()
        .map(jobs::get)
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
    rateLimit = new TokenBucket(perSecond, burst, nanoTime);
    return this;
  }

  /** How many requests the rate limit refused. */
  public int throttled() {
    return throttled.get();
  }

  /** Tokens refill at a steady rate up to the burst; each request takes one. */
  private static final class TokenBucket {
    private final double perSecond;
    private final int burst;
    private final LongSupplier nanoTime;
    private double tokens;
    private long updated;

    TokenBucket(double perSecond, int burst, LongSupplier nanoTime) {
      this.perSecond = perSecond;
      this.burst = burst;
      this.nanoTime = nanoTime;
      this.tokens = burst;
      this.updated = nanoTime.getAsLong();
    }

    /** Takes a token; returns 0 when one was there, else the whole seconds until one will be. */
    synchronized long take() {
      long now = nanoTime.getAsLong();
      tokens = Math.min(burst, tokens + (now - updated) / 1e9 * perSecond);
      updated = now;
      if (tokens >= 1) {
        tokens--;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
    }
  }

  /** Sends {@code Retry-After} with unfinished jobs, as a server may to pace pollers. */
  public NunuSimulator retryAfter(Integer seconds) {
    retryAfterSeconds = seconds;
    return this;
  }

  /**
   * Hands out presigned URLs on another server (a benchmark's discard storage); completion then
   * checks that every part has an ETag but cannot check the ETags themselves.
   */
  public NunuSimulator externalStorage(String baseUrl) {
    externalStorage = baseUrl;
    return this;
  }

  /**
   * Prints {@code request <epoch millis> <method> <path>} for each request, and {@code completed
   * <epoch millis> <job id>} when a job completes (the benchmarks).
   */
  public NunuSimulator logRequests(boolean enabled) {
    logRequests = enabled;
    return this;
  }

  /**
   * The next {@code count} completions take effect but their answers are lost: a gateway answers
   * 502 instead, as when the connection to the backend broke after it did the work.
   */
  public NunuSimulator loseCompletionAnswers(int count) {
    lostCompletionAnswers.set(count);
    return this;
  }

  /** Storage answers 500 to every PUT of this part (0: none), so that the upload is aborted. */
  public NunuSimulator failPart(int part) {
    failingPart = part;
    return this;
  }

  /** The next {@code count} starts create their jobs, but a gateway answers 502 instead. */
  public NunuSimulator loseStartAnswers(int count) {
    lostStartAnswers.set(count);
    return this;
  }

  /** The next {@code count} starts fail with 502 before creating anything. */
  public NunuSimulator failStartsBeforeCreating(int count) {
    startsFailingBeforeCreating.set(count);
    return this;
  }

  /**
   * Every request to {@code route} ("GET /jobs", as after the project prefix) gets {@code status}.
   */
  public NunuSimulator failRoute(String route, int status) {
    failingRoutes.put(route, status);
    return this;
  }

  /** The project's knowledge files: path → content (the ETag is the content's MD5). */
  public NunuSimulator projectKnowledge(Map<String, String> files) {
    projectKnowledge.clear();
    projectKnowledge.putAll(files);
    return this;
  }

  public NunuSimulator startRunStyle(StartRunStyle style) {
    startRunStyle = style;
    return this;
  }

  /** What a random fault does to a request. */
  private enum Fault {
    RESET,
    BAD_GATEWAY,
    UNAVAILABLE,
    THROTTLED,
    /** The work is done, then a gateway answers 502 instead. */
    LOST_ANSWER,
    /** The work is done, then the connection breaks unanswered. */
    RESET_AFTER;

    boolean afterTheWork() {
      return this == LOST_ANSWER || this == RESET_AFTER;
    }
  }

  private static final class RandomFaults {
    final double rate;
    final Random random;
    final AtomicInteger made = new AtomicInteger();

    RandomFaults(double rate, Random random) {
      this.rate = rate;
      this.random = random;
    }

    synchronized Fault next() {
      if (random.nextDouble() >= rate) {
        return null;
      }
      made.incrementAndGet();
      return Fault.values()[random.nextInt(Fault.values().length)];
    }
  }

  /** The fault that meets the answer of the request this thread handles, if any. */
  private static final ThreadLocal<Fault> FATE = new ThreadLocal<>();

  /** A fault that strikes before the work: the request has no effect. */
  private static void strike(HttpExchange exchange, Fault fault) throws IOException {
    switch (fault) {
      case RESET -> exchange.close();
      case BAD_GATEWAY -> gateway(exchange, 502, "Bad Gateway");
      case UNAVAILABLE -> gateway(exchange, 503, "Service Temporarily Unavailable");
      case THROTTLED -> {
        exchange.getResponseHeaders().set("Retry-After", "1");
        send(exchange, 429, error("Too many requests"));
      }
      default -> throw new IllegalArgumentException(fault.name());
    }
  }

  /** A gateway's own error page: HTML, not the API's JSON error. */
  private static void gateway(HttpExchange exchange, int status, String reason) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/html");
    String page =
        "<html><head><title>%d %s</title></head><body><center><h1>%d %s</h1></center></body></html>"
            .formatted(status, reason, status, reason);
    writeBytes(exchange, status, page.getBytes(StandardCharsets.UTF_8));
  }

  // --- what tests read ---

  public URI apiUrl() {
    return URI.create(scheme + "://127.0.0.1:" + port() + "/api/v1");
  }

  public URI artifactsUrl() {
    return URI.create(scheme + "://127.0.0.1:" + port() + "/bouncer");
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public List<Recorded> requests() {
    return List.copyOf(requests);
  }

  /** "METHOD path" of every request, query left out, in order. */
  public List<String> requestLines() {
    return requests.stream().map(r -> r.method() + " " + r.path()).toList();
  }

  /** The bytes storage received for a build, concatenated by part number (kept uploads only). */
  public byte[] uploadedBytes(String buildId) {
    Upload upload =
        uploads.values().stream().filter(u -> u.buildId.equals(buildId)).findFirst().orElseThrow();
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
    return List.copyOf(jobOrder);
  }

  /** The runs of the jobs, job by job, in the order they were made. */
  public List<String> runIds() {
    var ids = new ArrayList<String>();
    for (String jobId : jobOrder) {
      SimJob job = jobs.get(jobId);
      synchronized (job) {
        ids.addAll(job.runIds);
      }
    }
    return ids;
  }

  public String uploadState(String buildId) {
    return uploads.values().stream()
        .filter(u -> u.buildId.equals(buildId))
        .map(u -> u.state)
        .findFirst()
        .orElse(null);
  }

  /** The test a job runs. */
  public String testOf(String jobId) {
    return jobs.get(jobId).test.id();
  }

  public boolean jobStopped(String jobId) {
    SimJob job = jobs.get(jobId);
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
      RandomFaults faults = randomFaults;
      Fault fault = faults == null ? null : faults.next();
      if (path.startsWith("/storage/")) {
        if (fault != null) {
          // A storage fault breaks the request before its body is read, or answers 503.
          strike(exchange, fault == Fault.RESET ? Fault.RESET : Fault.UNAVAILABLE);
          return;
        }
        storage(exchange, path, query);
        return;
      }
      byte[] body = exchange.getRequestBody().readAllBytes();
      record(exchange, path, query, new String(body, StandardCharsets.UTF_8), body.length);
      if (fault != null && !fault.afterTheWork()) {
        strike(exchange, fault);
        return;
      }
      FATE.set(fault);
      if (path.startsWith("/bouncer/")) {
        if (authorized(exchange)) {
          bouncer(exchange, path.substring("/bouncer".length()));
        }
        return;
      }
      TokenBucket limit = rateLimit;
      long wait = limit == null ? 0 : limit.take();
      if (wait > 0) {
        throttled.incrementAndGet();
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
        partUrls(exchange, query); // the upload id is the credential: no key needed
        return;
      }
      if (!authorized(exchange)) {
        return;
      }
      JsonNode json = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
      Integer failing = failingRoutes.get(method + " " + route);
      if (failing != null) {
        send(exchange, failing, error("simulated failure"));
        return;
      }
      switch (method
          + " "
          + route
              .replaceAll("/[0-9a-f-]{36}", "/{uuid}")
              .replaceAll("/runs/[a-z0-9]{11,12}", "/runs/{run}")) {
        case "POST /builds/upload" -> initiate(exchange, (ObjectNode) json, matcher.group(2));
        case "POST /builds/upload/complete" -> complete(exchange, json);
        case "GET /builds/{uuid}" -> getBuild(exchange, route.substring("/builds/".length()));
        case "DELETE /builds/upload" -> cancel(exchange, query);
        case "POST /runs" -> startRun(exchange, json);
        case "POST /runs/stop" -> stopRuns(exchange, json);
        case "GET /jobs/{uuid}" -> getJob(exchange, route.substring("/jobs/".length()));
        case "GET /jobs" -> listJobs(exchange, query);
        case "GET /runs" -> listRuns(exchange, query);
        case "GET /builds" -> listBuilds(exchange, query);
        case "GET /runs/{run}" -> getRun(exchange, route.substring("/runs/".length()));
        case "GET /runs/{run}/bugs" -> getBugs(exchange, route.split("/")[2]);
        case "GET /test-plan-executions" -> executions(exchange, query);
        case "GET /deployment-configs" ->
            sendPage(exchange, query, configs.values().stream().map(SimConfig::json).toList());
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

  // --- builds ---

  /** API.md 2.1.1: {@code project_id} is required on the legacy route and must match the path. */
  private void initiate(HttpExchange exchange, ObjectNode body, String projectInPath)
      throws IOException {
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
        body.has("multipart") ? body.get("multipart").asBoolean() : size >= multipartThreshold;
    var upload = new Upload(body, size, partSize, multipart);
    uploads.put(upload.buildId, upload);
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

  private String presign(HttpExchange exchange, Upload upload, int part) {
    String signature = hex(16);
    upload.signatures.add(signature);
    String base =
        externalStorage != null
            ? externalStorage
            : scheme + "://" + exchange.getRequestHeaders().getFirst("Host") + "/storage";
    return base
        + "/"
        + upload.buildId
        + "/"
        + part
        + "?X-Amz-Expires=3600&X-Amz-Signature="
        + signature;
  }

  private void partUrls(HttpExchange exchange, Map<String, String> query) throws IOException {
    Upload upload =
        uploads.values().stream()
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

  private void storage(HttpExchange exchange, String path, Map<String, String> query)
      throws IOException {
    String[] segments = path.split("/");
    if (segments.length == 4 && segments[2].equals("artifacts")) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      record(exchange, path, query, "", body.length);
      sendBytes(exchange, 200, ("recording of " + segments[3]).getBytes(StandardCharsets.UTF_8));
      return;
    }
    Upload upload = segments.length == 4 ? uploads.get(segments[2]) : null;
    if (upload == null || !exchange.getRequestMethod().equals("PUT")) {
      drain(exchange);
      sendXml(exchange, 404, "NoSuchUpload", "The specified upload does not exist.");
      return;
    }
    int part = Integer.parseInt(segments[3]);
    String fileName = upload.request.path("file_name").asText();
    if (fileName.equals(failingUpload)) {
      drain(exchange);
      sendXml(exchange, 500, "InternalError", "We encountered an internal error.");
      return;
    }
    if (failingUpload != null) {
      // The other uploads stay in flight until the failing one has been given up (cancelled),
      // and a while longer: long enough for the action to cancel them.
      try {
        failingUploadCancelled.await(10, TimeUnit.SECONDS);
        Thread.sleep(3_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (part == failingPart) {
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
    boolean keep = upload.fileSize <= keepBytesUpTo;
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
    record(exchange, path, query, "", received);
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

  private void complete(HttpExchange exchange, JsonNode body) throws IOException {
    Upload upload = uploads.get(body.path("build_id").asText());
    if (upload == null || !upload.state.equals("RESERVED")) {
      send(exchange, 404, error("Upload not found").put("code", "UPLOAD_NOT_FOUND"));
      return;
    }
    if (upload.uploadId == null) {
      if (!upload.etags.containsKey(1) && externalStorage == null) {
        send(exchange, 400, error("the file was not uploaded"));
        return;
      }
      upload.state = "COMPLETED";
      readyBuilds.add(upload.buildId);
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
      String stored = externalStorage != null ? etag : upload.etags.get(number);
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
    readyBuilds.add(upload.buildId);
    answerCompletion(exchange, JSON.createObjectNode().put("build_id", upload.buildId));
  }

  private void answerCompletion(HttpExchange exchange, ObjectNode answer) throws IOException {
    if (lostCompletionAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      gateway(exchange, 502, "Bad Gateway");
    } else {
      send(exchange, 200, answer);
    }
  }

  /** API.md 2.1.7, in the current spec's field names; an unfinished upload is "uploading". */
  private void getBuild(HttpExchange exchange, String buildId) throws IOException {
    if (uploads.get(buildId) == null && !readyBuilds.contains(buildId)) {
      send(exchange, 404, error("build not found"));
      return;
    }
    send(exchange, 200, buildJson(buildId));
  }

  private ObjectNode buildJson(String buildId) {
    Upload upload = uploads.get(buildId);
    ObjectNode build = JSON.createObjectNode();
    build.put("build_id", buildId);
    build.put("project_id", PROJECT);
    build.put("status", readyBuilds.contains(buildId) ? "OK" : "uploading");
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
    } else if (foreignBuilds.containsKey(buildId)) {
      ForeignBuild foreign = foreignBuilds.get(buildId);
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

  private void cancel(HttpExchange exchange, Map<String, String> query) throws IOException {
    Upload upload = uploads.get(query.getOrDefault("build_id", ""));
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
    if (upload.request.path("file_name").asText().equals(failingUpload)) {
      failingUploadCancelled.countDown();
    }
    send(exchange, 200, JSON.createObjectNode().put("success", true));
  }

  // --- runs and jobs ---

  private void startRun(HttpExchange exchange, JsonNode body) throws IOException {
    if (startsFailingBeforeCreating.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
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
    String refused = refusedDeployment(body, selectors.get(0));
    if (refused != null) {
      send(exchange, refused.startsWith("404 ") ? 404 : 400, error(refused.substring(4)));
      return;
    }
    String buildId = body.path("build_id").asText(null);
    ObjectNode answer = JSON.createObjectNode();
    List<SimJob> started = new ArrayList<>();
    switch (selectors.get(0)) {
      case "multiplayer_test_id" -> {
        SimTest test = tests.get(body.get("multiplayer_test_id").asText());
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
        List<String> plan = plans.get(body.get("test_plan_id").asText());
        if (plan == null) {
          send(exchange, 404, error("test plan not found"));
          return;
        }
        String executionId = UUID.randomUUID().toString();
        for (String testId : plan) {
          started.add(new SimJob(tests.get(testId), buildId, executionId, 0, 1, nextCreation()));
        }
        executions.put(
            executionId,
            new Execution(
                executionId,
                body.get("test_plan_id").asText(),
                buildId,
                RUN_START.plusSeconds(executions.size()),
                started.stream().map(j -> j.id).toList()));
        answer.put("test_plan_execution_id", executionId);
      }
      default -> {
        // API.md 2.2.1: the current spec requires agent_config_id for instructions; the mdx
        // and seed 001 make it optional. Ids are UUIDs or names like ac_default (API.md 2.7).
        String agent = body.path("agent_config_id").asText(null);
        if (agent == null && agentConfigRequired) {
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
        tests.put(test.id(), test);
        started.add(new SimJob(test, buildId, null, 0, 1, nextCreation()));
        started.get(0).tags.add("api");
        answer.put("test_id", test.id());
      }
    }
    // API.md 2.2.1: additional_tags go on every run (ephemeral runs get "api" first).
    for (SimJob job : started) {
      body.path("additional_tags").forEach(tag -> job.tags.add(tag.asText()));
      deploy(job, body);
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
    if (lostStartAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      gateway(exchange, 502, "Bad Gateway");
      return;
    }
    if (resetStartAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      exchange.close();
      return;
    }
    switch (startRunStyle) {
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
   * Why nunu refuses this start's deployments ("400 ..." or "404 ..."), as API.md 2.2.1 documents
   * it; null when it does not.
   */
  private String refusedDeployment(JsonNode body, String selector) {
    String defaultId = body.path("deployment_config_id").asText(null);
    SimConfig config = defaultId == null ? null : configs.get(defaultId);
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
      SimTest test = tests.get(body.path("multiplayer_test_id").asText());
      int count = test == null ? 1 : test.players();
      for (var player : players.properties()) {
        if (!player.getKey().matches("[1-9][0-9]*") || Integer.parseInt(player.getKey()) > count) {
          return "400 the test has no player " + player.getKey();
        }
        String playerConfigId = player.getValue().path("deployment_config_id").asText(null);
        if (playerConfigId == null) {
          return "400 player " + player.getKey() + ": deployment_config_id is required";
        }
        SimConfig playerConfig = configs.get(playerConfigId);
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
  private String refusedBuilds(JsonNode deployment, SimConfig config) {
    String buildId = deployment.path("build_id").asText(null);
    if (buildId != null) {
      if (!config.takesBuilds()) {
        return "400 build_id works only with deployment configs whose build source is Build Storage";
      }
      if (!readyBuilds.contains(buildId)) {
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
      if (!readyBuilds.contains(extra.getValue().asText())) {
        return "404 build not found";
      }
    }
    return null;
  }

  /** Where a job runs, as the start asked: its config, its extra apps' and players' builds. */
  private void deploy(SimJob job, JsonNode body) {
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

  /**
   * API.md 2.2.1, {@code run_on_all_configured_devices}: the start runs once per device of the
   * config, {@code instances} each. The answer counts the devices and holds each one's result; 207
   * when some failed, 500 when none started.
   */
  private void startOnEveryDevice(
      HttpExchange exchange, JsonNode body, List<SimJob> template, ObjectNode answer)
      throws IOException {
    SimConfig config = configs.get(body.get("deployment_config_id").asText());
    var allJobs = new ArrayList<String>();
    ArrayNode results = JSON.createArrayNode();
    int startedDevices = 0;
    for (String device : config.devices()) {
      ObjectNode result = results.addObject().put("device_label", device);
      if (failingDevices.contains(device)) {
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
        deploy(job, body);
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

  private void getJob(HttpExchange exchange, String jobId) throws IOException {
    SimJob job = jobs.get(jobId);
    if (job == null) {
      send(exchange, 404, error("job not found"));
      return;
    }
    ObjectNode answer;
    synchronized (job) {
      job.polls++;
      answer = jobJson(job);
    }
    if (retryAfterSeconds != null && !job.completed) {
      exchange.getResponseHeaders().set("Retry-After", String.valueOf(retryAfterSeconds));
    }
    send(exchange, 200, answer);
  }

  /** The deployment config player {@code player} of a job runs on. */
  private SimConfig configOf(SimJob job, int player) {
    String[] deployment = job.playerDeployments.get(player);
    SimConfig config = configs.get(deployment != null ? deployment[0] : job.configId);
    return config != null ? config : configs.get(DEPLOYMENT_CONFIG);
  }

  /** A job's status as of its last poll: each poll moves it one status on. */
  private String status(SimJob job) {
    if (job.foreign) {
      return job.stopped || job.completed ? "COMPLETED" : "RUNNING";
    }
    if (job.stopped || job.test.rejection() == null && job.polls > pollsBeforeCompletion) {
      return "COMPLETED";
    }
    if (job.test.rejection() != null) {
      return "QUEUED";
    }
    return STATUSES.get(Math.max(0, Math.min(job.polls - 1, STATUSES.size() - 1)));
  }

  /** The job as of this poll; runs appear once it starts. */
  private ObjectNode jobJson(SimJob job) {
    SimTest test = job.test;
    String status = status(job);
    if (status.equals("COMPLETED") && !job.completed) {
      job.completed = true;
      finish(job);
      if (logRequests) {
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
      SimRun run = runs.get(job.runIds.get(i));
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
  private void finish(SimJob job) {
    SimTest test = job.test;
    if (test.rejection() != null && job.runIds.isEmpty()) {
      return;
    }
    for (int instance = 0; instance < job.instances; instance++) {
      String first = job.stopped ? "STOPPED" : test.firstResult(job.hero, device(job));
      if (instance < job.runIds.size()) {
        runs.put(job.runIds.get(instance), new SimRun(job.runIds.get(instance), job, first));
      } else {
        job.runIds.add(newRun(job, first));
      }
    }
    for (int instance = 0; instance < job.instances && !job.stopped; instance++) {
      String last = runs.get(job.runIds.get(instance)).result();
      for (int attempt = 1; EXECUTION_FAILURES.contains(last) && job.retriesLeft > 0; attempt++) {
        job.retriesLeft--;
        last = test.results().get(Math.min(attempt, test.results().size() - 1));
        job.runIds.add(newRun(job, last));
      }
    }
  }

  /** Makes a job known: by id at once, in lists after the listing delay. */
  private void register(SimJob job) {
    job.createdNanos = simulatedTime.getAsLong();
    jobs.put(job.id, job);
    jobOrder.add(job.id);
  }

  /** Whether lists show the job yet ({@link #listNewJobsAfter}). */
  private boolean listedYet(SimJob job) {
    return simulatedTime.getAsLong() - job.createdNanos >= listingDelayNanos;
  }

  /** The device a job runs on: its own (a multi-device run), else its config's first. */
  private String device(SimJob job) {
    return job.device != null ? job.device : configOf(job, 1).devices().get(0);
  }

  /** Creation times that increase with each job, as the real ones would. */
  private Instant nextCreation() {
    return RUN_START.plusSeconds(creations.incrementAndGet());
  }

  private String newRun(SimJob job, String result) {
    String id = runId();
    runs.put(id, new SimRun(id, job, result));
    return id;
  }

  private void getRun(HttpExchange exchange, String runId) throws IOException {
    SimRun run = runs.get(runId);
    if (run == null) {
      send(exchange, 404, error("run not found"));
      return;
    }
    send(exchange, 200, runJson(exchange, run));
  }

  /** Get Run's body (API.md 2.2.3); List Runs gives the same objects. */
  private ObjectNode runJson(HttpExchange exchange, SimRun run) {
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
      app.put("provider_kind", configOf(job, p).takesBuilds() ? "build-storage" : "skip-install");
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
      SimConfig config = configOf(job, p);
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
            .put(
                "url",
                scheme
                    + "://"
                    + exchange.getRequestHeaders().getFirst("Host")
                    + "/bouncer/runs/"
                    + composite
                    + "/artifacts/"
                    + artifact[0])
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
  private static String itemStatus(String result) {
    return switch (result) {
      case "SUCCESS" -> "passed";
      case "FAILED" -> "failed";
      case "SKIPPED", "BLOCKED", "STOPPED", "TIMEOUT", "ERROR" -> result.toLowerCase(Locale.ROOT);
      default -> "error";
    };
  }

  private static List<String[]> artifactFiles() {
    return List.of(
        new String[] {"recording.mp4", "15728640"}, new String[] {"device_log.log", "45678"});
  }

  private static ObjectNode step(
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

  private void getBugs(HttpExchange exchange, String runId) throws IOException {
    SimRun run = runs.get(runId);
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

  private void stopRuns(HttpExchange exchange, JsonNode body) throws IOException {
    ArrayNode results = JSON.createArrayNode();
    int found = 0;
    int stopped = 0;
    for (JsonNode id : body.path("job_ids")) {
      SimJob job = jobs.get(id.asText());
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

  /**
   * API.md 2.4.2: filtered by test_plan_id, build_id and status, sorted by start time (newest first
   * unless sort_order=asc), paged.
   */
  private void executions(HttpExchange exchange, Map<String, String> query) throws IOException {
    var rows = new ArrayList<ObjectNode>();
    var sorted = new ArrayList<>(executions.values());
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
        SimJob job = jobs.get(jobId);
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
  private void listJobs(HttpExchange exchange, Map<String, String> query) throws IOException {
    var matching = new ArrayList<SimJob>();
    List<SimJob> ordered = inListOrder(jobOrder.stream().map(jobs::get).toList());
    boolean filtered = !ignoreJobFilters;
    for (SimJob job : ordered) {
      if (!listedYet(job)) {
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
        actual = status(job).toLowerCase(Locale.ROOT);
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
        rows.add(jobJson(job));
      }
    }
    sendPage(exchange, query, rows);
  }

  /** API.md 2.2.2: filtered by state, test, job, execution and tags; newest (or oldest) first. */
  private void listRuns(HttpExchange exchange, Map<String, String> query) throws IOException {
    var rows = new ArrayList<ObjectNode>();
    var made = new ArrayList<String>();
    for (String jobId : jobOrder) {
      SimJob job = jobs.get(jobId);
      synchronized (job) {
        made.addAll(job.runIds);
      }
    }
    for (String runId : inListOrder(made)) {
      SimRun run = runs.get(runId);
      String state = run.result() == null ? "running" : "completed";
      boolean fits =
          matches(query, "job_id", run.job().id)
              && matches(query, "multiplayer_test_id", run.job().test.id())
              && matches(query, "test_plan_execution_id", run.job().executionId)
              && hasTags(run.job().tags, query.get("tags"))
              && (query.getOrDefault("state", "all").equals("all")
                  || query.get("state").equals(state));
      if (!fits && !ignoreListFilters) {
        continue;
      }
      rows.add(runJson(exchange, run));
    }
    sendPage(exchange, query, rows);
  }

  /** API.md 2.1.6: filtered by status, platform and tags. */
  private void listBuilds(HttpExchange exchange, Map<String, String> query) throws IOException {
    var rows = new ArrayList<ObjectNode>();
    var ids = new LinkedHashSet<String>(readyBuilds);
    ids.addAll(uploads.keySet());
    for (String id : inListOrder(new ArrayList<>(ids))) {
      ObjectNode build = buildJson(id);
      var tags = new ArrayList<String>();
      build.path("tags").forEach(tag -> tags.add(tag.asText()));
      boolean fits =
          (!query.containsKey("status")
                  || query.get("status").equalsIgnoreCase(build.path("status").asText()))
              && matches(query, "platform", build.path("platform").asText(null))
              && hasTags(tags, query.get("tags"));
      if (!fits && !ignoreListFilters) {
        continue;
      }
      rows.add(build);
    }
    sendPage(exchange, query, rows);
  }

  /** Items made in {@code made} order, as lists give them: newest first, or oldest first. */
  private <T> List<T> inListOrder(List<T> made) {
    var ordered = new ArrayList<>(made);
    if (!oldestFirst) {
      Collections.reverse(ordered);
    }
    return ordered;
  }

  /** "Comma-separated, all must match" (API.md 2.2.2, 2.3.2, 2.1.6). */
  private static boolean hasTags(List<String> tags, String filter) {
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

  private static boolean matches(Map<String, String> query, String name, String value) {
    return !query.containsKey(name) || query.get(name).equals(value);
  }

  /**
   * A list answer as API.md 1.6 describes it: {@code page} from 0, {@code page_size} 1-100 (default
   * 20), and {@code {data, pagination}}.
   */
  private void sendPage(HttpExchange exchange, Map<String, String> query, List<ObjectNode> rows)
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
    int shown = ignorePaging ? 0 : page;
    rows.stream().skip((long) shown * size).limit(size).forEach(data::add);
    answer
        .putObject("pagination")
        .put("page", page)
        .put("page_size", size)
        .put("total_count", ignorePaging ? rows.size() + (long) size * 10 : rows.size())
        .put(
            "total_pages",
            ignorePaging ? (rows.size() + size - 1) / size + 10 : (rows.size() + size - 1) / size);
    send(exchange, 200, answer);
  }

  // --- artifacts host ---

  private void bouncer(HttpExchange exchange, String path) throws IOException {
    if (path.startsWith("/file-storage/")) {
      knowledge(exchange, path.substring("/file-storage/".length()));
      return;
    }
    Matcher list = Pattern.compile("^/runs/([a-z0-9]+)-(\\d+)/artifacts$").matcher(path);
    Matcher file = Pattern.compile("^/runs/([a-z0-9]+)-(\\d+)/artifacts/(.+)$").matcher(path);
    if (list.matches() && runs.containsKey(list.group(1))) {
      ObjectNode answer = JSON.createObjectNode();
      String composite = list.group(1) + "-" + list.group(2);
      answer.put("runId", composite);
      ArrayNode artifacts = answer.putArray("artifacts");
      for (String[] artifact : artifactFiles()) {
        artifacts
            .addObject()
            .put("filename", artifact[0])
            .put(
                "url",
                scheme
                    + "://"
                    + exchange.getRequestHeaders().getFirst("Host")
                    + "/bouncer/runs/"
                    + composite
                    + "/artifacts/"
                    + artifact[0])
            .put("size", Long.parseLong(artifact[1]))
            .put("uploaded", "2026-03-03T15:55:00.000Z")
            .put("etag", hex(16));
      }
      answer.put("count", artifacts.size());
      send(exchange, 200, answer);
    } else if (file.matches() && runs.containsKey(file.group(1))) {
      String name = URLDecoder.decode(file.group(3), StandardCharsets.UTF_8);
      if (name.endsWith(".mp4")) {
        // Large media redirect to presigned storage, on another origin (localhost, not 127.0.0.1).
        exchange
            .getResponseHeaders()
            .set(
                "Location",
                scheme
                    + "://localhost:"
                    + port()
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
  private void knowledge(HttpExchange exchange, String project) throws IOException {
    Integer failing = failingRoutes.get("GET /file-storage");
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
    new java.util.TreeMap<>(projectKnowledge)
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
                          multipartKnowledgeEtags
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

  private static String md5(String content) {
    try {
      return HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("MD5")
                  .digest(content.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // --- plumbing ---

  private void record(
      HttpExchange exchange, String path, Map<String, String> query, String body, long bytes) {
    if (logRequests) {
      System.out.println(
          "request " + System.currentTimeMillis() + " " + exchange.getRequestMethod() + " " + path);
    }
    var headers = new LinkedHashMap<String, String>();
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
    requests.add(
        new Recorded(
            exchange.getRequestMethod(),
            path,
            Collections.unmodifiableMap(query),
            Collections.unmodifiableMap(headers),
            body,
            bytes));
  }

  private static Map<String, String> query(String raw) {
    var query = new LinkedHashMap<String, String>();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      query.put(
          name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return query;
  }

  private static ObjectNode error(String message) {
    return JSON.createObjectNode().put("error", message);
  }

  private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    sendBytes(exchange, status, JSON.writeValueAsBytes(body));
  }

  /** Answers, unless a fault after the work meets the answer (a gateway page, or no answer). */
  private static void sendBytes(HttpExchange exchange, int status, byte[] body) throws IOException {
    Fault fate = FATE.get();
    if (fate != null) {
      FATE.remove();
      if (fate == Fault.LOST_ANSWER) {
        gateway(exchange, 502, "Bad Gateway");
      } else {
        exchange.close();
      }
      return;
    }
    writeBytes(exchange, status, body);
  }

  private static void writeBytes(HttpExchange exchange, int status, byte[] body)
      throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static void sendXml(HttpExchange exchange, int status, String code, String message)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/xml");
    sendBytes(
        exchange,
        status,
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
                + code
                + "</Code><Message>"
                + message
                + "</Message></Error>")
            .getBytes(StandardCharsets.UTF_8));
  }

  private static void drain(HttpExchange exchange) throws IOException {
    exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
  }

  private static String hex(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  /** An 11-character run id, like every documented example. */
  private static String runId() {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    var id = new StringBuilder();
    for (int i = 0; i < 11; i++) {
      id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return id.toString();
  }

  private static String unquoted(String etag) {
    return etag.replace("\"", "");
  }
}
