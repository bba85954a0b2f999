package io.github.nunuaction.nunu;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nunuaction.core.Json;
import java.util.List;

/** A run as List Runs gives it (API.md 2.2.2): enough to judge a baseline. Result upper-cased. */
public record RunSummary(String runId, String result, List<String> tags, String completedAt) {

  static RunSummary from(JsonNode run) {
    String id = Json.text(run, "multiplayer_run_id");
    if (id == null) {
      throw new IllegalArgumentException("the run has no multiplayer_run_id");
    }
    return new RunSummary(
        id,
        Job.upper(Json.text(run, "result")),
        Json.texts(run, "tags"),
        Json.text(run, "completed_at"));
  }
}
