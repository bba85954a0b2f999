package io.github.nunuaction.report;

import io.github.nunuaction.config.Quarantine;
import io.github.nunuaction.nunu.Bug;
import io.github.nunuaction.nunu.PlanExecution;
import io.github.nunuaction.nunu.RunDetails;
import io.github.nunuaction.nunu.RunDetails.Artifact;
import io.github.nunuaction.nunu.RunDetails.Item;
import io.github.nunuaction.nunu.RunDetails.Player;
import io.github.nunuaction.nunu.RunDetails.Step;
import io.github.nunuaction.results.Baseline;
import io.github.nunuaction.results.Conclusion;
import io.github.nunuaction.results.Excuses;
import io.github.nunuaction.results.JobResult;
import io.github.nunuaction.results.Knowledge;
import io.github.nunuaction.results.Outcome;
import io.github.nunuaction.results.Results;
import io.github.nunuaction.results.RunResult;
import io.github.nunuaction.results.UploadedBuild;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        new Results.Uploaded(
            "build-123",
            new UploadedBuild(
                "build-123",
                "game.apk",
                5_000_000,
                "single-part",
                1,
                Duration.ofMillis(1250),
                false),
            List.of()),
        new Results.Started(
            "test plan plan-1",
            Map.of(),
            "exec-1",
            List.of("0a9f9c52-8917-4f47-bb72-b0093c200bed")),
        new Results.Collected(
            jobs,
            new PlanExecution("Nightly **smoke**", 930_000.0, "in_progress", 5L, 2L, 1L, null, 0L)),
        Results.Review.NONE,
        new Results.Step(
            START,
            START.plusSeconds(300),
            List.of(
                "Timed out after 60 minutes (timeout-minutes) with 1 job(s) unfinished; they are being stopped.")));
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
            List.of(player),
            List.of());
    return new RunResult(id, result, outcome, superseded, details, bugs, null);
  }

  /**
   * A nightly plan a reviewer opens: one failure this change made (it passed on main), one that
   * main has too, a pass, bugs, and knowledge that drifted from the repository.
   */
  static Results redPlan() {
    Bug crash =
        new Bug(
            "o1",
            "b1",
            "Game crashes when the shop opens",
            "Tapping Shop closes the app.",
            "crash",
            "critical",
            "high",
            "1. Open the shop",
            0L,
            2L,
            "2026-11-24T10:12:00Z");
    Bug typo =
        new Bug(
            "o2",
            "b2",
            "Typo in the settings menu",
            "\"Sound\" reads \"Sonud\".",
            "ui",
            "low",
            "medium",
            "1. Open settings",
            0L,
            2L,
            "2026-11-24T10:14:00Z");
    var jobs =
        List.of(
            job(
                "job-a",
                "test-a",
                "Main menu",
                readable(
                    "rmainmenu01",
                    "Main menu",
                    "SUCCESS",
                    "New game, Continue and Settings are shown and respond.",
                    "it works",
                    List.of())),
            job(
                "job-b",
                "test-b",
                "Shop opens",
                readable(
                    "rshopopen01",
                    "Shop opens",
                    "FAILED",
                    "Tapped Shop on the main menu; the game closed to the home screen.",
                    "the game closed",
                    List.of(crash))),
            job(
                "job-c",
                "test-c",
                "Settings",
                readable(
                    "rsettings01",
                    "Settings",
                    "FAILED",
                    "Settings opened, but the Sound toggle is labelled \"Sonud\".",
                    "a misspelt label",
                    List.of(typo))));
    var knowledge =
        new Knowledge(
            List.of(
                new Knowledge.File(
                    "project",
                    "game-design.md",
                    4096L,
                    "2026-04-12T10:30:00.000Z",
                    "9a3b",
                    "High-level design overview"),
                new Knowledge.File(
                    "project",
                    "shop.md",
                    1234L,
                    "2026-04-12T10:31:00.000Z",
                    "0a1b",
                    "How the shop works")),
            new Knowledge.Drift(
                List.of("levels/moon.md"), List.of(), List.of("shop.md"), List.of()),
            null);
    return new Results(
        Conclusion.FAILURE,
        new Results.Uploaded(
            "build-7",
            new UploadedBuild(
                "build-7",
                "space-game.apk",
                512_000_000L,
                "multipart",
                5,
                Duration.ofSeconds(9),
                false),
            List.of()),
        new Results.Started("test plan plan-7", Map.of(), "exec-7", List.of()),
        new Results.Collected(
            jobs, new PlanExecution("Nightly smoke", 1_290_000.0, "completed", 3L, 1L, 2L, 0L, 0L)),
        new Results.Review(
            Map.of(
                "job-b", new Baseline(Baseline.Kind.NEW, "main"),
                "job-c", new Baseline(Baseline.Kind.KNOWN, "main")),
            knowledge,
            null,
            "https://github.com/studio/game/pull/17#issuecomment-901",
            null),
        new Results.Step(START, START.plusSeconds(1290), List.of()));
  }

  /** A passing single test on a reused build. */
  static Results green() {
    var jobs =
        List.of(
            job(
                "job-g",
                "test-g",
                "Main menu",
                readable(
                    "rmainmenu02",
                    "Main menu",
                    "SUCCESS",
                    "New game, Continue and Settings are shown and respond.",
                    "it works",
                    List.of())));
    return new Results(
        Conclusion.SUCCESS,
        new Results.Uploaded(
            "build-7", UploadedBuild.reused("build-7", "space-game.apk", 512_000_000L), List.of()),
        new Results.Started("test test-g", Map.of(), null, List.of()),
        new Results.Collected(jobs, null),
        Results.Review.NONE,
        new Results.Step(START, START.plusSeconds(241), List.of()));
  }

  /**
   * A plan on a pull request with {@code retry-failed: 1} and a quarantine file: "Shop opens"
   * failed (an ad covered the button) and passed on its retry; "Settings" failed and is in
   * quarantine; "Main menu" passed. The step passes.
   */
  static Results flakyAndQuarantined() {
    JobResult shopFailed =
        job(
            "job-s1",
            "test-s",
            "Shop opens",
            readable(
                "rshopopen11",
                "Shop opens",
                "FAILED",
                "An ad covered the Shop button for 40 s; the agent gave up waiting.",
                "the ad did not close",
                List.of()));
    JobResult shopPassed =
        job(
            "job-s2",
            "test-s",
            "Shop opens",
            readable(
                "rshopopen12",
                "Shop opens",
                "SUCCESS",
                "Tapped Shop; the shop opened with 12 items.",
                "it works",
                List.of()));
    JobResult settings =
        job(
            "job-q",
            "test-q",
            "Settings",
            readable(
                "rsettings11",
                "Settings",
                "FAILED",
                "The Settings screen shows the old layout without the Sound toggle.",
                "no Sound toggle",
                List.of()));
    JobResult menu =
        job(
            "job-m",
            "test-m",
            "Main menu",
            readable(
                "rmainmenu11",
                "Main menu",
                "SUCCESS",
                "New game, Continue and Settings are shown and respond.",
                "it works",
                List.of()));
    var entry =
        new Quarantine.Entry(
            1,
            "Settings",
            "the settings screen is being rebuilt",
            LocalDate.parse("2026-12-31"),
            "@jane",
            "https://github.com/studio/game/issues/12");
    var excuses = new Excuses(Set.of("job-s2"), Map.of("job-q", entry), false);
    return new Results(
        Conclusion.SUCCESS,
        new Results.Uploaded("build-7", null, List.of()),
        new Results.Started("test plan plan-7", Map.of(), "exec-7", List.of()),
        new Results.Collected(
            List.of(settings, shopPassed, menu), null, Map.of("job-s2", List.of(shopFailed))),
        Results.Review.NONE.withExcuses(excuses),
        new Results.Step(START, START.plusSeconds(900), List.of()));
  }

  /** A run as people write them: the second step checks the test, with this report. */
  private static RunResult readable(
      String id, String test, String result, String report, String found, List<Bug> bugs) {
    boolean passed = result.equals("SUCCESS");
    var steps =
        List.of(
            new Step(
                1L,
                "SUCCESS",
                "Reach the main menu",
                "The main menu is shown.",
                58_000.0,
                List.of()),
            new Step(
                2L,
                result,
                "Check: " + test,
                report,
                183_000.0,
                List.of(new Item("1a", test + " works", passed ? "passed" : "failed", found))));
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
                    15_728_640L)));
    var details =
        new RunDetails(
            result,
            test,
            "verification",
            241_000.0,
            (long) bugs.size(),
            new RunDetails.BuildRef("build-7", "space-game 1.4.0-rc2"),
            List.of(player),
            List.of());
    return new RunResult(
        id, result, passed ? Outcome.PASSED : Outcome.FAILED, false, details, bugs, null);
  }

  private static JobResult job(String id, String test, String name, RunResult run) {
    return new JobResult(id, test, name, "COMPLETED", null, List.of(run), 0);
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
        new Results.Uploaded(null, null, List.of()),
        new Results.Started("test plan big", Map.of(), null, List.of()),
        new Results.Collected(jobs, null),
        Results.Review.NONE,
        new Results.Step(START, START.plusSeconds(60), List.of()));
  }
}
