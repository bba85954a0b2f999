package io.github.nunuaction.simulator;

import java.util.List;

/**
 * A test the simulated project knows: how its runs end, what they report and which bugs they find.
 *
 * @param results the result of each run, in order; more than one entry models retries (the job
 *     retries while runs end in ERROR, TIMEOUT or STOPPED and retries remain)
 * @param rejection a queue rejection reason: the job never starts
 */
public record SimTest(
    String id,
    String name,
    String type,
    List<String> results,
    int players,
    List<SimBug> bugs,
    String failingReport,
    String rejection) {

  public record SimBug(String title, String description, String category, String severity) {}

  public static SimTest passing(String id, String name) {
    return new SimTest(id, name, "verification", List.of("SUCCESS"), 1, List.of(), null, null);
  }

  public static SimTest failing(String id, String name, String report, SimBug... bugs) {
    return new SimTest(id, name, "verification", List.of("FAILED"), 1, List.of(bugs), report, null);
  }

  public static SimTest ending(String id, String name, String result) {
    return new SimTest(
        id,
        name,
        "task",
        List.of(result),
        1,
        List.of(),
        result + ": the run did not finish normally",
        null);
  }

  public SimTest withPlayers(int count) {
    return new SimTest(id, name, type, results, count, bugs, failingReport, rejection);
  }

  public SimTest withResults(String... sequence) {
    return new SimTest(id, name, type, List.of(sequence), players, bugs, failingReport, rejection);
  }

  public SimTest rejectedBecause(String reason) {
    return new SimTest(id, name, type, results, players, bugs, failingReport, reason);
  }
}
