package io.github.nunuaction.simulator;

import java.util.List;
import java.util.Map;

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
    String rejection,
    Map<String, String> resultByHero,
    String failingDevice) {

  public SimTest(
      String id,
      String name,
      String type,
      List<String> results,
      int players,
      List<SimBug> bugs,
      String failingReport,
      String rejection) {
    this(id, name, type, results, players, bugs, failingReport, rejection, Map.of(), null);
  }

  /**
   * The first result of a run whose {@code template_data.hero} is {@code hero} and of one on {@code
   * device}: the game behaves differently in different legs.
   */
  public String firstResult(String hero, String device) {
    if (failingDevice != null && failingDevice.equals(device)) {
      return "FAILED";
    }
    return hero != null && resultByHero.containsKey(hero) ? resultByHero.get(hero) : results.get(0);
  }

  /** Runs with {@code template_data.hero} as a key of {@code results} end as it says. */
  public SimTest byHero(Map<String, String> results) {
    return new SimTest(
        id,
        name,
        type,
        this.results,
        players,
        bugs,
        failingReport,
        rejection,
        Map.copyOf(results),
        failingDevice);
  }

  /** Runs on {@code device} fail; the others end as usual. */
  public SimTest failingOn(String device) {
    return new SimTest(
        id, name, type, results, players, bugs, failingReport, rejection, resultByHero, device);
  }

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
    return new SimTest(
        id,
        name,
        type,
        results,
        count,
        bugs,
        failingReport,
        rejection,
        resultByHero,
        failingDevice);
  }

  public SimTest withResults(String... sequence) {
    return new SimTest(
        id,
        name,
        type,
        List.of(sequence),
        players,
        bugs,
        failingReport,
        rejection,
        resultByHero,
        failingDevice);
  }

  public SimTest rejectedBecause(String reason) {
    return new SimTest(
        id, name, type, results, players, bugs, failingReport, reason, resultByHero, failingDevice);
  }
}
