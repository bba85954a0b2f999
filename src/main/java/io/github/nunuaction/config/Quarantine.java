package io.github.nunuaction.config;

import java.time.LocalDate;
import java.util.List;

/**
 * The {@code quarantine} file: tests whose failures are reported but do not fail the step, each
 * with why and until when (README, "Flaky tests").
 *
 * @param file the file as the input names it, or null without one
 */
public record Quarantine(String file, List<Entry> entries) {
  public static final Quarantine NONE = new Quarantine(null, List.of());

  public Quarantine {
    entries = List.copyOf(entries);
  }

  /**
   * One test in quarantine.
   *
   * @param number its place in the file, from 1, for messages
   * @param test a test id or a test name, as written
   * @param until the last day (UTC) on which its failures are excused
   * @param owner who looks after it, or null
   * @param link an issue or other link, or null
   */
  public record Entry(
      int number, String test, String reason, LocalDate until, String owner, String link) {

    /** Whether this entry names the test with {@code testId} or {@code testName}. */
    public boolean names(String testId, String testName) {
      return test.equalsIgnoreCase(String.valueOf(testId)) || test.equals(testName);
    }

    /** Past its {@code until} date on {@code today}: it excuses nothing any more. */
    public boolean expiredOn(LocalDate today) {
      return today.isAfter(until);
    }

    /** How messages name it: {@code entry 2 (test "Shop opens")}. */
    public String describe() {
      return "entry " + number + " (test \"" + test + "\")";
    }

    /** {@code until 2027-01-31, owner @jane}: the facts a reader needs, in one line. */
    public String terms() {
      return "until "
          + until
          + (owner == null ? "" : ", owner " + owner)
          + (link == null ? "" : ", " + link);
    }
  }

  /** The entries in force on {@code today}. */
  public List<Entry> inForceOn(LocalDate today) {
    return entries.stream().filter(entry -> !entry.expiredOn(today)).toList();
  }

  /** The entry in force on {@code today} that names this test, or null. */
  public Entry excusing(String testId, String testName, LocalDate today) {
    return inForceOn(today).stream()
        .filter(entry -> entry.names(testId, testName))
        .findFirst()
        .orElse(null);
  }
}
