package io.github.nunuaction.results;

import java.util.Locale;

/** How the invocation ended: the {@code result} output. */
public enum Conclusion {
  SUCCESS,
  FAILURE,
  ERROR,
  TIMEOUT,
  CANCELLED,
  /** {@code wait: false}: the runs started and the action did not wait for them. */
  STARTED;

  public String output() {
    return name().toLowerCase(Locale.ROOT);
  }
}
