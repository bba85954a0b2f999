package io.github.nunuaction.results;

import io.github.nunuaction.nunu.Bug;
import io.github.nunuaction.nunu.RunDetails;
import java.util.List;

/**
 * One run of a job. {@code superseded}: an earlier attempt that a retry replaced, shown but not
 * counted. {@code details} and {@code bugs} may be missing when fetching them failed.
 */
public record RunResult(
    String runId,
    String result,
    Outcome outcome,
    boolean superseded,
    RunDetails details,
    List<Bug> bugs,
    String fetchProblem) {

  public String testName() {
    return details == null ? null : details.testName();
  }

  public Double durationMs() {
    return details == null ? null : details.durationMs();
  }

  /** Bugs listed, or the run's own count when the list could not be fetched. */
  public int bugCount() {
    if (bugs.isEmpty() && details != null && details.bugCount() != null) {
      return details.bugCount().intValue();
    }
    return bugs.size();
  }
}
