package io.github.nunuaction;

import io.github.nunuaction.Cancellation.Cancelled;
import io.github.nunuaction.api.ApiException;
import io.github.nunuaction.api.EnvironmentProxies;
import io.github.nunuaction.api.HttpCaller;
import io.github.nunuaction.api.HttpClients;
import io.github.nunuaction.api.Json;
import io.github.nunuaction.api.NunuApi;
import io.github.nunuaction.api.StartedRun;
import io.github.nunuaction.api.StopResult;
import io.github.nunuaction.api.Timeouts;
import io.github.nunuaction.config.InputParser;
import io.github.nunuaction.config.Inputs;
import io.github.nunuaction.config.Inputs.Reuse;
import io.github.nunuaction.config.Inputs.TestPlan;
import io.github.nunuaction.config.Inputs.Upload;
import io.github.nunuaction.github.Commands;
import io.github.nunuaction.github.Workflow;
import io.github.nunuaction.report.Report;
import io.github.nunuaction.report.Report.Execution;
import io.github.nunuaction.report.ArtifactDownloads;
import io.github.nunuaction.report.Report.Result;
import io.github.nunuaction.report.ReportWriter;
import io.github.nunuaction.runs.JobWaiter;
import io.github.nunuaction.runs.ResultCollector;
import io.github.nunuaction.runs.RunRequests;
import io.github.nunuaction.upload.BuildDetails;
import io.github.nunuaction.upload.BuildUploader;
import io.github.nunuaction.upload.BuildUploader.Uploaded;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One invocation of the action: validate, upload (or reuse) the build, start the run, wait, and
 * report; the report is written whatever ended the invocation. {@link #run} is what {@code main}
 * calls and what tests call in-process.
 */
public final class NunuAction {
  public static final int EXIT_OK = 0;
  public static final int EXIT_TESTS_FAILED = 1;
  public static final int EXIT_INVALID_INPUT = 2;
  public static final int EXIT_SERVICE_FAILED = 3;
  public static final int EXIT_SIGINT = 130;
  public static final int EXIT_SIGTERM = 143;

  private final Inputs inputs;
  private final Map<String, String> env;
  private final Workflow workflow;
  private final Cancellation cancellation;
  private final Clock clock;
  private final Timeouts timeouts;
  private final EnvironmentProxies proxies;
  private final Instant startedAt;
  private final List<String> problems = new ArrayList<>();

  private String buildId;
  private Report.Upload upload;
  private StartedRun started;
  private JobWaiter waiter;
  private Execution execution;

  private NunuAction(Inputs inputs, Map<String, String> env, Workflow workflow, Cancellation cancellation, Clock clock,
      Timeouts timeouts, EnvironmentProxies proxies) {
    this.inputs = inputs;
    this.env = env;
    this.workflow = workflow;
    this.cancellation = cancellation;
    this.clock = clock;
    this.timeouts = timeouts;
    this.proxies = proxies;
    this.startedAt = clock.now();
  }

  /** The entry point: {@code post} runs the post step's cleanup, anything else the action. */
  public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err, Cancellation cancellation) {
    return args.equals(List.of("post"))
        ? PostStep.run(env, out, err, cancellation, Clock.system())
        : run(env, out, err, cancellation, Clock.system());
  }

  /** The exit code after a signal: 130 for SIGINT, 143 for SIGTERM. */
  static int exitCodeFor(String signal) {
    return "INT".equals(signal) ? EXIT_SIGINT : EXIT_SIGTERM;
  }

  /** The nunu API as the inputs describe it, the key sent only to its two hosts. */
  static NunuApi connect(Inputs.Api api, int threads, Timeouts timeouts, EnvironmentProxies proxies, Cancellation cancellation,
      Clock clock, Workflow workflow) {
    HttpCaller caller = HttpCaller.create(HttpClients.create(threads, timeouts, proxies), api.apiKey(),
        Set.of(api.apiUrl(), api.artifactsUrl()), cancellation, clock, workflow::info);
    return NunuApi.create(caller, api.apiUrl(), api.projectId(), api.artifactsUrl(), timeouts);
  }

  public static int run(Map<String, String> env, PrintStream out, PrintStream err, Cancellation cancellation, Clock clock) {
    return run(env, out, err, cancellation, clock, Timeouts.DEFAULT);
  }

  public static int run(Map<String, String> env, PrintStream out, PrintStream err, Cancellation cancellation, Clock clock,
      Timeouts timeouts) {
    Workflow workflow = Workflow.from(env, out, err);
    workflow.mask(InputParser.rawApiKey(env));
    InputParser.Result parsed = InputParser.parse(env);
    if (!parsed.valid()) {
      for (InputParser.Problem problem : parsed.problems()) {
        workflow.error("Invalid input: " + problem.input(), "Input '" + problem.input() + "' " + problem.message());
      }
      workflow.info("Nothing was sent to nunu. Fix the inputs above (see the README's inputs table) and run again.");
      return EXIT_INVALID_INPUT;
    }
    EnvironmentProxies proxies;
    try {
      proxies = EnvironmentProxies.from(env);
    } catch (IllegalArgumentException e) {
      workflow.error("Invalid configuration", e.getMessage() + " (a variable of the runner's environment). Nothing was sent to nunu.");
      return EXIT_INVALID_INPUT;
    }
    return new NunuAction(parsed.inputs(), env, workflow, cancellation, clock, timeouts, proxies).execute();
  }

  private int execute() {
    int threads = inputs.build() instanceof Upload u ? u.parallelism() + 4 : 4;
    NunuApi api = connect(inputs.api(), threads, timeouts, proxies, cancellation, clock, workflow);
    Result result;
    int exitCode;
    try {
      result = build(api);
      if (inputs.run() != null) {
        result = runTests(api);
      }
      exitCode = exitCodeFor(result);
    } catch (Cancelled cancelled) {
      workflow.warning("Cancelled", "The workflow was cancelled (" + cancelled.getMessage() + "); stopping what was started.");
      abandon(api, "the workflow was cancelled");
      result = Result.CANCELLED;
      exitCode = exitCodeFor(cancellation.signal());
    } catch (ApiException failure) {
      problems.add(failure.getMessage());
      workflow.error("nunu-action failed", failure.getMessage());
      abandon(api, "the action failed");
      result = Result.ERROR;
      exitCode = EXIT_SERVICE_FAILED;
    } catch (RuntimeException bug) {
      String message = "Unexpected internal error: " + bug + ". Please report it with this log.";
      problems.add(message);
      workflow.error("nunu-action failed", message);
      for (StackTraceElement frame : bug.getStackTrace()) {
        workflow.debug("  at " + frame);
      }
      abandon(api, "the action failed");
      result = Result.ERROR;
      exitCode = EXIT_SERVICE_FAILED;
    }
    Report report = report(result);
    Map<String, String> downloads = Map.of();
    if (!cancellation.isCancelled() && !inputs.report().downloadArtifacts().none() && !report.jobs().isEmpty()) {
      workflow.group("Download artifacts (" + inputs.report().downloadArtifacts().spec() + ")");
      downloads = new ArtifactDownloads(api, workflow::info, message -> workflow.warning("Artifacts", message))
          .download(report, inputs.report().downloadArtifacts(), inputs.report().resultsDir());
      workflow.endGroup();
    }
    new ReportWriter(inputs, env, workflow).write(report, downloads);
    if (started != null) {
      // The post step stops runs only when this step never got here (it was killed).
      workflow.saveState("finished", "true");
    }
    if (cancellation.isCancelled() && exitCode < EXIT_SIGINT) {
      exitCode = exitCodeFor(cancellation.signal());
    }
    return exitCode;
  }

  private Result build(NunuApi api) {
    switch (inputs.build()) {
      case Upload file -> {
        workflow.group("Upload " + file.file().getFileName());
        try {
          Uploaded uploaded = new BuildUploader(api, workflow::info, clock, cancellation).upload(file, BuildDetails.from(env));
          buildId = uploaded.buildId();
          upload = new Report.Upload(file.file().getFileName().toString(), uploaded.bytes(), uploaded.uploadType(),
              uploaded.parts(), uploaded.took());
          workflow.info(String.format(Locale.ROOT, "Uploaded build %s: %d bytes in %.1f s (%.1f MB/s transfer, %s)",
              buildId, uploaded.bytes(), uploaded.took().toMillis() / 1000.0, upload.megabytesPerSecond(), uploaded.uploadType()));
        } finally {
          workflow.endGroup();
        }
      }
      case Reuse reuse -> {
        buildId = reuse.buildId();
        workflow.info("Using the uploaded build " + buildId);
      }
      case Inputs.NoBuild none -> workflow.info("No build: the run uses what its deployment config provides.");
    }
    return Result.SUCCESS;
  }

  private Result runTests(NunuApi api) {
    Inputs.Run run = inputs.run();
    workflow.group("Start " + RunRequests.describe(run));
    try {
      started = api.startRun(RunRequests.body(run, buildId));
    } finally {
      workflow.endGroup();
    }
    if (buildId == null && started.buildId() != null) {
      buildId = started.buildId();
    }
    workflow.saveState("job-ids", Json.stringArray(started.jobIds()));
    workflow.info("Started " + started.jobIds().size() + (started.jobIds().size() == 1 ? " job: " : " jobs: ")
        + String.join(", ", started.jobIds()) + (started.message() == null ? "" : " (" + Commands.oneLine(started.message()) + ")"));
    if (!inputs.waiting().enabled()) {
      return Result.STARTED;
    }
    workflow.group("Wait for " + started.jobIds().size() + (started.jobIds().size() == 1 ? " job" : " jobs"));
    JobWaiter.Waited waited;
    try {
      waiter = new JobWaiter(api, workflow::info, message -> workflow.warning("nunu", message), clock, cancellation,
          inputs.waiting().pollInterval());
      waited = waiter.waitFor(started.jobIds(), clock.nanoTime() + inputs.waiting().timeout().toNanos());
    } finally {
      workflow.endGroup();
    }
    if (waited.timedOut()) {
      String message = "Timed out after " + inputs.waiting().timeout().toMinutes() + " minutes (timeout-minutes) with "
          + waited.unfinished().size() + " job(s) unfinished; they are being stopped.";
      workflow.warning("Timeout", message);
      problems.add(message);
      stopRuns(api, waited.unfinished(), "timeout-minutes ran out");
      return Result.TIMEOUT;
    }
    if (run.target() instanceof TestPlan plan && started.testPlanExecutionId() != null) {
      execution = execution(api, started.testPlanExecutionId(), plan.testPlanId());
    }
    return Report.verdict(waiter.reports(started.jobIds()));
  }

  private Execution execution(NunuApi api, String executionId, String testPlanId) {
    try {
      var node = api.testPlanExecution(executionId, testPlanId);
      if (node == null) {
        return null;
      }
      var status = Json.child(node, "test_status");
      return new Execution(Json.text(node, "status"), Json.integer(node, "total_tests"), Json.integer(status, "passed"),
          Json.integer(status, "failed"), Json.integer(status, "skipped"), Json.integer(status, "stopped"));
    } catch (ApiException e) {
      workflow.info("Could not read the test plan execution's counts: " + e.getMessage());
      return null;
    }
  }

  /**
   * Stops what is still running after a failure or a signal, with a never-cancelled API (the
   * thread's interrupt from the cancellation is cleared first, or the stop call would fail at once).
   */
  private void abandon(NunuApi api, String why) {
    Thread.interrupted();
    stopRuns(api.forCleanup(), unfinishedJobs(), why);
  }

  private List<String> unfinishedJobs() {
    if (started == null) {
      return List.of();
    }
    if (waiter == null) {
      return inputs.waiting().enabled() ? started.jobIds() : List.of();
    }
    return waiter.reports(started.jobIds()).stream()
        .filter(job -> !"COMPLETED".equals(job.status()) && job.rejectionReason() == null)
        .map(Report.JobReport::jobId)
        .toList();
  }

  private void stopRuns(NunuApi api, List<String> jobIds, String why) {
    if (jobIds.isEmpty()) {
      return;
    }
    try {
      StopResult stop = api.stopRuns(jobIds);
      workflow.info("Stopped " + stop.stoppedCount() + " of " + jobIds.size() + " job(s) because " + why + ".");
      for (StopResult.Failure failure : stop.failures()) {
        workflow.info("Job " + Commands.oneLine(failure.jobId()) + " was not stopped: " + Commands.oneLine(failure.error()));
      }
    } catch (ApiException | Cancelled e) {
      workflow.warning("Runs not stopped", "Could not stop job(s) " + String.join(", ", jobIds) + ": " + e.getMessage()
          + " Stop them in nunu (Runs page) so that they do not use your quota.");
    }
  }

  private Report report(Result result) {
    List<Report.JobReport> jobs = started == null ? List.of()
        : waiter != null ? waiter.reports(started.jobIds())
        : started.jobIds().stream().map(ResultCollector::unseen).toList();
    String what = inputs.run() == null ? null : RunRequests.describe(inputs.run());
    return new Report(result, buildId, upload, what, started == null ? null : started.testPlanExecutionId(), execution,
        jobs, List.copyOf(problems), startedAt, clock.now());
  }

  private int exitCodeFor(Result result) {
    Inputs.Wait wait = inputs.waiting();
    return switch (result) {
      case SUCCESS, STARTED -> EXIT_OK;
      case TIMEOUT -> wait.failOnTimeout() ? EXIT_TESTS_FAILED : EXIT_OK;
      case FAILURE -> wait.failOn() == Inputs.FailOn.FAILURE ? EXIT_TESTS_FAILED : EXIT_OK;
      case ERROR -> wait.failOn() == Inputs.FailOn.NEVER ? EXIT_OK : EXIT_TESTS_FAILED;
      case CANCELLED -> EXIT_SIGTERM;
    };
  }
}
