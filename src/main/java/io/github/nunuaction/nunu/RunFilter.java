package io.github.nunuaction.nunu;

import io.github.nunuaction.http.Query;
import java.util.List;

/**
 * Which runs a list asks for (API.md 2.2.2): the completed runs of one test with all of some tags.
 * {@link #matches} checks a listed run against each part of that.
 */
public record RunFilter(String testId, List<String> tags) {

  public RunFilter {
    tags = List.copyOf(tags);
  }

  public boolean matches(RunSummary run) {
    return run.runId() != null
        && testId.equals(run.testId())
        && run.completed()
        && run.tags().containsAll(tags);
  }

  Query query() {
    return Query.of()
        .add("multiplayer_test_id", testId)
        .addList("tags", tags)
        .add("state", "completed");
  }

  @Override
  public String toString() {
    return "multiplayer_test_id=" + testId + ", tags=" + String.join(",", tags) + ", completed";
  }
}
