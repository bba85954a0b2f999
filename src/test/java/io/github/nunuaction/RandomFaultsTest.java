package io.github.nunuaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nunuaction.simulator.NunuSimulator;
import io.github.nunuaction.simulator.SimTest;
import io.github.nunuaction.testing.ActionHarness;
import io.github.nunuaction.testing.ActionHarness.Result;
import io.github.nunuaction.testing.Leaks;
import io.github.nunuaction.testing.VirtualClock;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whole flows while 30% of the requests to nunu and to storage fail at random: connections reset
 * before or after the work, gateways' 502 and 503 pages, 429s, answers lost after the work was done
 * (on the start and on every lookup too). Whatever the step's exit code, nothing it started is left
 * running, and it counts one set of runs: the jobs it reports are exactly those not stopped.
 */
class RandomFaultsTest {
  static final double FAULTS = 0.30;
  static final String PASS = "a0000000-0000-4000-8000-00000000000a";
  static final String FAIL = "b0000000-0000-4000-8000-00000000000b";
  static final String PLAN = "d0000000-0000-4000-8000-00000000000d";

  @TempDir Path workspace;
  NunuSimulator nunu;
  ActionHarness action;

  @BeforeEach
  void start() throws Exception {
    nunu =
        NunuSimulator.start()
            .addTest(SimTest.passing(PASS, "Main menu"))
            .addTest(SimTest.failing(FAIL, "Shop opens", "The shop stayed shut."))
            .addPlan(PLAN, List.of(PASS, FAIL, PASS))
            .multipartAbove(1024 * 1024, 1024 * 1024);
    action =
        new ActionHarness(
                workspace,
                nunu.apiUrl(),
                nunu.artifactsUrl(),
                NunuSimulator.API_KEY,
                new VirtualClock())
            .input("project-id", NunuSimulator.PROJECT)
            .input("deployment-config-id", NunuSimulator.DEPLOYMENT_CONFIG);
  }

  @AfterEach
  void stop() {
    nunu.close();
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void aTestOnAMultipartUpload(long seed) {
    action.file("game.apk", EndToEndTest.randomBytes(3 * 1024 * 1024 + 17));
    action.input("build-file", "game.apk").input("test-id", PASS);
    nunu.randomFaults(FAULTS, seed);

    Result result = action.run();

    assertOneSetAndNothingRunning(result, 0, 1);
    if (result.exitCode() == 0) {
      assertThat(result.outputs()).containsEntry("passed", "1").containsEntry("result", "success");
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12, 13, 14, 15, 16, 17, 18})
  void aTestPlanOnAnUploadedBuild(long seed) {
    action.input("build-id", NunuSimulator.EXISTING_BUILD).input("test-plan-id", PLAN);
    nunu.randomFaults(FAULTS, seed);

    Result result = action.run();

    assertOneSetAndNothingRunning(result, 1, 3);
    if (result.exitCode() == 1) {
      assertThat(result.outputs()).containsEntry("passed", "2").containsEntry("failed", "1");
    }
  }

  /**
   * The step either got its verdict (counting exactly the jobs of one start) or failed with exit 3;
   * either way no job is left running.
   */
  void assertOneSetAndNothingRunning(Result result, int verdict, int jobs) {
    assertThat(result.exitCode()).as(result.all()).isIn(verdict, 3);
    assertThat(nunu.runningJobs()).as("left running:\n" + result.all()).isEmpty();
    List<String> notStopped = nunu.jobIds().stream().filter(job -> !nunu.jobStopped(job)).toList();
    if (result.exitCode() == verdict) {
      assertThat(RunIdentityTest.jsonArray(result.outputs().get("job-ids")))
          .as(result.all())
          .hasSize(jobs)
          .containsExactlyInAnyOrderElementsOf(notStopped);
    }
    assertThat(nunu.faultsMade()).as("faults were made").isPositive();
    Leaks.assertNone(result, NunuSimulator.API_KEY, List.of());
  }
}
