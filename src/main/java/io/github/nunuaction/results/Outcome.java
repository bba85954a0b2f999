package io.github.nunuaction.results;

import java.util.Locale;

/** What a run's result means for the check. */
public enum Outcome {
  PASSED,
  /** A test verdict other than success: FAILED, BLOCKED, SKIPPED (and unknown values). */
  FAILED,
  /** The run did not execute properly: ERROR, TIMEOUT, MAX_STEPS, STOPPED, or no result at all. */
  ERRORED,
  /** Not finished when we stopped waiting. */
  UNFINISHED;

  /**
   * Maps every documented result value, in any casing and of every API generation (SUCCESS, FAILED,
   * SKIPPED, BLOCKED, TIMEOUT, ERROR, STOPPED, MAX_STEPS; success, failure, error).
   */
  public static Outcome of(String result) {
    if (result == null || result.isBlank()) {
      return ERRORED;
    }
    return switch (normalize(result)) {
      case "SUCCESS" -> PASSED;
      case "FAILED", "BLOCKED", "SKIPPED" -> FAILED;
      case "ERROR", "TIMEOUT", "MAX_STEPS", "STOPPED" -> ERRORED;
      default -> FAILED;
    };
  }

  /** Whether {@link #of} knows the value; unknown ones are reported. */
  public static boolean known(String result) {
    return switch (normalize(result == null ? "" : result)) {
      case "SUCCESS", "FAILED", "BLOCKED", "SKIPPED", "ERROR", "TIMEOUT", "MAX_STEPS", "STOPPED" ->
          true;
      default -> false;
    };
  }

  /** Upper case, and the MVP's {@code failure} as today's {@code FAILED}. */
  public static String normalize(String result) {
    String upper = result.strip().toUpperCase(Locale.ROOT);
    return upper.equals("FAILURE") ? "FAILED" : upper;
  }
}
