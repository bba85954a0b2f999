package io.github.nunuaction;

import io.github.nunuaction.actions.GitHubContext;
import io.github.nunuaction.actions.Workflow;
import io.github.nunuaction.config.Identity;
import io.github.nunuaction.config.InputParser;
import io.github.nunuaction.config.InputParser.Problem;
import io.github.nunuaction.config.Inputs;
import io.github.nunuaction.config.Inputs.FileToUpload;
import io.github.nunuaction.core.Cancellation.Cancelled;
import io.github.nunuaction.http.ApiException;
import io.github.nunuaction.http.EnvironmentProxies;
import io.github.nunuaction.http.HttpCaller;
import io.github.nunuaction.http.LocalFileException;
import io.github.nunuaction.nunu.NunuApi;
import io.github.nunuaction.results.Conclusion;
import io.github.nunuaction.results.Results;
import io.github.nunuaction.results.RoleBuild;
import io.github.nunuaction.review.Publication;
import io.github.nunuaction.runs.Preflight;
import io.github.nunuaction.runs.TestRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The main step: upload (or reuse) the build, start the run, wait, and report. The report is
 * written whatever ended the step, and whatever was started is stopped when the step fails.
 */
final class MainStep {
  private final Inputs inputs;
  private final Session session;
  private final Workflow workflow;
  private final HttpCaller caller;
  private final NunuApi api;
  private final Instant startedAt;
  private final List<String> problems = new ArrayList<>();
  private final Optional<Identity> identity;
  private final TestRun testRun;

  private final List<RoleBuild> builds = new ArrayList<>();

  private MainStep(Inputs inputs, Session session, EnvironmentProxies proxies) {
    this.inputs = inputs;
    this.session = session;
    this.workflow = session.workflow();
    int threads = inputs.build() instanceof FileToUpload file ? file.parallelism() + 4 : 4;
    this.caller = session.caller(proxies, threads);
    this.api = session.nunu(inputs.api(), caller);
    this.startedAt = session.clock().now();
    this.identity = Identity.of(session.context(), inputs);
    this.testRun =
        inputs.run() == null
            ? null
            : new TestRun(
                inputs.run(),
                inputs.waiting(),
                api,
                workflow,
                session.clock(),
                session.cancellation(),
                identity);
  }

  /** Validates everything before a single request; then runs the step. */
  static ExitCode run(Map<String, String> env, Session session) {
    Workflow workflow = session.workflow();
    InputParser.Parsed parsed = InputParser.parse(env, session.context());
    if (!parsed.valid()) {
      for (InputParser.Problem problem : parsed.problems()) {
        workflow.error(
            "Input '" + problem.input() + "' " + problem.message(),
            "Invalid input: " + problem.input());
      }
      workflow.info(
          "Nothing was sent to nunu. Fix the inputs above (see the README's inputs table) and run"
              + " again.");
      return ExitCode.INVALID_INPUT;
    }
    parsed.notes().forEach(note -> workflow.info("Note: " + note + "."));
    var context = session.context();
    if (context.inActions()
        && context.eventName() != null
        && !GitHubContext.KNOWN_EVENTS.contains(context.eventName())) {
      workflow.info(
          "Event '"
              + context.eventName()
              + "': no pull request or merge queue is read from it; runs are told apart by the ref "
              + context.identityRef()
              + ", and failures are compared with "
              + (context.baselineBranch() == null ? "no branch" : context.baselineBranch())
              + ".");
    }
    EnvironmentProxies proxies;
    try {
      proxies = EnvironmentProxies.from(env);
    } catch (IllegalArgumentException e) {
      workflow.error(
          e.getMessage() + " (a variable of the runner's environment). Nothing was sent to nunu.",
          "Invalid configuration");
      return ExitCode.INVALID_INPUT;
    }
    return new MainStep(parsed.inputs(), session, proxies).execute();
  }

  private ExitCode execute() {
    Conclusion conclusion;
    ExitCode exitCode = null;
    try {
      if (preflight()) {
        builds.addAll(BuildStage.resolve(inputs, session, api, identity));
        conclusion =
            testRun == null
                ? Conclusion.SUCCESS
                : testRun.execute(RoleBuild.ids(builds), problems::add);
      } else {
        conclusion = Conclusion.ERROR;
        exitCode = ExitCode.INVALID_INPUT;
      }
    } catch (Cancelled cancelled) {
      workflow.warning(
          "The workflow was cancelled (" + cancelled.getMessage() + "); stopping what was started.",
          "Cancelled");
      abandon("the workflow was cancelled");
      conclusion = Conclusion.CANCELLED;
      exitCode = ExitCode.forSignal(session.cancellation().signal());
    } catch (ApiException | LocalFileException failure) {
      fail(failure.getMessage());
      conclusion = Conclusion.ERROR;
      exitCode = ExitCode.SERVICE_FAILED;
    } catch (RuntimeException bug) {
      fail("Unexpected internal error: " + bug + ". Please report it with this log.");
      for (StackTraceElement frame : bug.getStackTrace()) {
        workflow.debug("  at " + frame);
      }
      conclusion = Conclusion.ERROR;
      exitCode = ExitCode.SERVICE_FAILED;
    }
    Results results =
        new Publication(inputs, session.runner(), api, caller, identity)
            .publish(results(conclusion, exitCode != null));
    if (exitCode == null) {
      exitCode = ExitCode.of(results, inputs.waiting());
    }
    // The post step looks for runs to stop only when this step never got here (it was killed).
    workflow.saveState("finished", "true");
    boolean cancelled = session.cancellation().isCancelled();
    return cancelled && exitCode.code() < ExitCode.SIGINT.code()
        ? ExitCode.forSignal(session.cancellation().signal())
        : exitCode;
  }

  /** Checks the deployment configs before anything is uploaded; false when one refuses the run. */
  private boolean preflight() {
    List<Problem> refused = new Preflight(api, workflow).check(inputs);
    for (Problem problem : refused) {
      String message = "Input '" + problem.input() + "' " + problem.message();
      workflow.error(message, "Invalid input: " + problem.input());
      problems.add(message);
    }
    if (!refused.isEmpty()) {
      workflow.info("Nothing was uploaded or started. Fix the inputs above and run again.");
    }
    return refused.isEmpty();
  }

  private void fail(String message) {
    problems.add(message);
    workflow.error(message, "nunu-action failed");
    abandon("the action failed");
  }

  /**
   * Stops what may still run after a failure or a signal, with the API for cleanup (the thread's
   * interrupt from the cancellation is cleared first, or the stop call would fail at once).
   */
  private void abandon(String why) {
    Thread.interrupted();
    if (testRun != null) {
      testRun.abandon(why, session.cancellation().isCancelled());
    }
  }

  /**
   * @param stepFailed whether the step itself failed or was cancelled, so that the tests alone do
   *     not decide the conclusion
   */
  private Results results(Conclusion conclusion, boolean stepFailed) {
    Optional<RoleBuild> main = RoleBuild.main(builds);
    String chosenByNunu = testRun == null ? null : testRun.buildId();
    return new Results(
        conclusion,
        new Results.Uploaded(
            main.map(RoleBuild::buildId).orElse(chosenByNunu),
            main.map(RoleBuild::upload).orElse(null),
            builds),
        testRun == null ? Results.Started.NOTHING : testRun.what(),
        testRun == null ? Results.Collected.NOTHING : testRun.collected(),
        Results.Review.ofTest(testRun == null ? null : testRun.testId()),
        new Results.Step(startedAt, session.clock().now(), problems, stepFailed));
  }
}
