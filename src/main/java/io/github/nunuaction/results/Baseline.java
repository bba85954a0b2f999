package io.github.nunuaction.results;

/**
 * Whether a failed test is a new failure: its last completed result on the baseline branch.
 *
 * @param branch the baseline branch looked at
 */
public record Baseline(Kind kind, String branch) {

  public enum Kind {
    /** It passed on the baseline: this change broke it. */
    NEW,
    /** It failed on the baseline too. */
    KNOWN,
    /** No completed result on the baseline. */
    NONE
  }

  /** How the summary and the comment say it. */
  public String describe() {
    return switch (kind) {
      case NEW -> "new: passed on " + branch;
      case KNOWN -> "also failing on " + branch;
      case NONE -> "no baseline on " + branch;
    };
  }
}
