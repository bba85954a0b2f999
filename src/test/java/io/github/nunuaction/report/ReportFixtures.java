package io.github.nunuaction.report;

import io.github.nunuaction.nunu.Bug;
import io.github.nunuaction.nunu.PlanExecution;
import io.github.nunuaction.nunu.RunDetails;
import io.github.nunuaction.nunu.RunDetails.Artifact;
import io.github.nunuaction.nunu.RunDetails.Item;
import io.github.nunuaction.nunu.RunDetails.Player;
import io.github.nunuaction.nunu.RunDetails.Step;
import io.github.nunuaction.results.Conclusion;
import io.github.nunuaction.results.JobResult;
import io.github.nunuaction.results.Outcome;
import io.github.nunuaction.results.Results;
import io.github.nunuaction.results.RunResult;
import io.github.nunuaction.results.UploadedBuild;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reports with every kind of run, and API text that tries to break out of every format. */
final class ReportFixtures {
  static final Instant START = Instant.parse("2026-11-24T10:00:00Z");

  private ReportFixtures() {}

  static Results mixed() {
    var jobs =
        List.of(
            new JobResult(
                "job-1",
                null,
                "Main menu <b>smoke</b> | test",
                "COMPLETED",
                null,
                List.of(
                    run(
                        "runpassed01",
                        "Main menu <b>smoke</b> | test",
                        "SUCCESS",
                        Outcome.PASSED,
                        false,
                        List.of())),
                1),
            new JobResult(
                "job-2",
                null,
                "Settings **menu**",
                "COMPLETED",
                null,
                List.of(
                    run(
                        "runfailed01",
                        "Settings **menu**",
                        "FAILED",
                        Outcome.FAILED,
                        false,
                        List.of(
                            new Bug(
                                "b1",
                                "bug-1",
                                "Crash on `::error::` [click](https://evil.example/x?sig=secret) <img src=x onerror=alert(1)>",
                                "Line one\nLine two @everyone #1 $x$",
                                "crash",
                                "critical",
                                "high",
                                "1. Open\n2. Crash",
                                0L,
                                2L,
                                "2026-03-03T15:53:30Z")))),
                0),
            new JobResult(
                "job-3",
                null,
                "Tutorial completes",
                "COMPLETED",
                null,
                List.of(
                    run(
                        "runretry001",
                        "Tutorial completes",
                        "ERROR",
                        Outcome.ERRORED,
                        true,
                        List.of()),
                    run(
                        "runretry002",
                        "Tutorial completes",
                        "SUCCESS",
                        Outcome.PASSED,
                        false,
                        List.of())),
                0),
            new JobResult(
                "job-4",
                null,
                "Store purchase",
                "QUEUED",
                "no devices\nfree ::warning::x",
                List.of(),
                0),
            new JobResult(
                "job-5",
                null,
                "Long campaign",
                "RUNNING",
                null,
                List.of(
                    new RunResult(
                        "runrunning1", null, Outcome.UNFINISHED, false, null, List.of(), null)),
                0));
    return new Results(
        Conclusion.ERROR,
        "build-123",
        new UploadedBuild(
            "build-123", "game.apk", 5_000_000, "single-part", 1, Duration.ofMillis(1250), false),
        "test plan plan-1",
        "exec-1",
        new PlanExecution("Nightly **smoke**", 930_000.0, "in_progress", 5L, 2L, 1L, null, 0L),
        jobs,
        List.of("0a9f9c52-8917-4f47-bb72-b0093c200bed"),
        List.of(
            "Timed out after 60 minutes (timeout-minutes) with 1 job(s) unfinished; they are being stopped."),
        START,
        START.plusSeconds(300),
        Results.Review.NONE);
  }

  static RunResult run(
      String id, String test, String result, Outcome outcome, boolean superseded, List<Bug> bugs) {
    boolean passed = outcome == Outcome.PASSED;
    var steps =
        List.of(
            new Step(
                1L,
                "SUCCESS",
                "Reach the main menu",
                "Reached it.\r\n::set-output name=result::success",
                60_000.0,
                List.of()),
            new Step(
                2L,
                result,
                "Check: " + test,
                passed
                    ? "All good."
                    : "Tapped Settings 3 times;\nnothing happened <script>x</script>",
                120_000.0,
                List.of(new Item("1a", "Menu opens", passed ? "passed" : "failed", "no menu"))));
    var player =
        new Player(
            id + "-1",
            1L,
            test,
            result,
            "android-native",
            "Pixel 8 (14)",
            2L,
            passed ? 2L : 1L,
            steps,
            List.of(
                new Artifact(
                    "recording.mp4",
                    "https://bouncer.nunu.ai/runs/" + id + "-1/artifacts/recording.mp4",
                    15_728_640L),
                new Artifact(
                    "device_log.log",
                    "https://bouncer.nunu.ai/runs/" + id + "-1/artifacts/device_log.log",
                    45_678L)));
    var details =
        new RunDetails(
            result,
            test,
            "verification",
            240_659.99,
            (long) bugs.size(),
            new RunDetails.BuildRef("build-123", "v2.1.0-rc1"),
            List.of(player));
    return new RunResult(id, result, outcome, superseded, details, bugs, null);
  }

  /** A report of {@code count} failed runs with long reports, to exceed the summary budget. */
  static Results huge(int count) {
    var jobs = new ArrayList<JobResult>();
    for (int i = 0; i < count; i++) {
      jobs.add(
          new JobResult(
              "job-" + i,
              null,
              "Test " + i,
              "COMPLETED",
              null,
              List.of(
                  run(
                      "run" + String.format("%08d", i),
                      "Test " + i,
                      "FAILED",
                      Outcome.FAILED,
                      false,
                      List.of())),
              0));
    }
    return new Results(
        Conclusion.FAILURE,
        null,
        null,
        "test plan big",
        null,
        null,
        jobs,
        List.of(),
        List.of(),
        START,
        START.plusSeconds(60),
        Results.Review.NONE);
  }
}
