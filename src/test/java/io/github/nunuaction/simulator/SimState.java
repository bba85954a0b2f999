package io.github.nunuaction.simulator;

import static io.github.nunuaction.simulator.NunuSimulator.DEPLOYMENT_CONFIG;
import static io.github.nunuaction.simulator.NunuSimulator.GIB;
import static io.github.nunuaction.simulator.SimHttp.RandomFaults;
import static io.github.nunuaction.simulator.SimHttp.TokenBucket;
import static io.github.nunuaction.simulator.SimHttp.hex;
import static io.github.nunuaction.simulator.SimHttp.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.github.nunuaction.simulator.NunuSimulator.Recorded;
import io.github.nunuaction.simulator.NunuSimulator.StartRunStyle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * What the simulated nunu holds: tests, plans, uploads and builds, jobs and runs, deployment
 * configs, the requests it saw, and the knobs tests turn. Shared by the route classes.
 */
final class SimState {
  SimState(String scheme) {
    this.scheme = scheme;
  }

  final String scheme;
  final List<Recorded> requests = new CopyOnWriteArrayList<>();
  final Map<String, SimTest> tests = new ConcurrentHashMap<>();
  final Map<String, Integer> failingJobs = new ConcurrentHashMap<>();
  final Map<String, List<String>> plans = new ConcurrentHashMap<>();
  final Map<String, Upload> uploads = new ConcurrentHashMap<>();
  final Set<String> readyBuilds = ConcurrentHashMap.newKeySet();
  final Map<String, SimJob> jobs = new ConcurrentHashMap<>();
  final List<String> jobOrder = new CopyOnWriteArrayList<>();
  final Map<String, SimRun> runs = new ConcurrentHashMap<>();
  final Map<String, Execution> executions = new ConcurrentHashMap<>();
  final Map<String, SimConfig> configs = new ConcurrentHashMap<>();
  final Set<String> failingDevices = ConcurrentHashMap.newKeySet();
  volatile String failingUpload;
  final CountDownLatch failingUploadCancelled = new CountDownLatch(1);
  final AtomicInteger creations = new AtomicInteger();
  volatile long multipartThreshold = 3 * GIB;
  volatile long partSize = 100L * 1024 * 1024;
  volatile long keepBytesUpTo = 64L * 1024 * 1024;
  volatile int pollsBeforeCompletion = 3;
  volatile Integer retryAfterSeconds;
  volatile StartRunStyle startRunStyle = StartRunStyle.BARE;
  volatile String externalStorage;
  volatile boolean logRequests;
  volatile boolean ignoreJobFilters;
  volatile boolean ignoreListFilters;
  volatile boolean ignorePaging;
  volatile boolean oldestFirst;
  volatile long listingDelayNanos;
  volatile LongSupplier simulatedTime = System::nanoTime;
  volatile boolean multipartKnowledgeEtags;
  volatile boolean agentConfigRequired = true;
  volatile RandomFaults randomFaults;
  final AtomicInteger resetStartAnswers = new AtomicInteger();
  final Map<String, ForeignBuild> foreignBuilds = new ConcurrentHashMap<>();
  volatile TokenBucket rateLimit;
  final AtomicInteger throttled = new AtomicInteger();
  final AtomicInteger lostCompletionAnswers = new AtomicInteger();
  volatile int failingPart;
  final AtomicInteger lostStartAnswers = new AtomicInteger();
  final AtomicInteger startsFailingBeforeCreating = new AtomicInteger();
  final Map<String, Integer> failingRoutes = new ConcurrentHashMap<>();

  final Map<String, String> projectKnowledge =
      new ConcurrentHashMap<>(
          Map.of(
              "game-design.md", "# Space game\nThe player flies a ship.\n",
              "subdir/rules.txt", "Three lives. No saving in boss fights.\n"));

  static final class Upload {
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
  static final class SimJob {
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
    // Which job of its test this is, from 1 (for tests whose first jobs fail).
    int ordinal;

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

  record SimRun(String id, SimJob job, String result) {}

  record Execution(
      String id, String planId, String buildId, Instant startedAt, List<String> jobIds) {}

  record ForeignBuild(long size, List<String> tags) {}

  void record(
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
}
