package io.github.nunuaction.nunu;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nunuaction.core.Json;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * A run as List Runs gives it (API.md 2.2.2): enough to judge a baseline. State and result are
 * upper-cased (their casing changed over time).
 *
 * @param testId the run's test ({@code test.id})
 * @param completedAt when it completed, as nunu wrote it, or null
 */
public record RunSummary(
    String runId,
    String testId,
    String state,
    String result,
    List<String> tags,
    String completedAt) {

  public boolean completed() {
    return Job.COMPLETED.equals(state);
  }

  /** When it completed, or null when nunu did not say (or not readably). */
  public Instant completedInstant() {
    try {
      return completedAt == null ? null : OffsetDateTime.parse(completedAt).toInstant();
    } catch (DateTimeParseException unreadable) {
      return null;
    }
  }

  static RunSummary from(JsonNode run) {
    String id = Json.text(run, "multiplayer_run_id");
    if (id == null) {
      throw new IllegalArgumentException("the run has no multiplayer_run_id");
    }
    return new RunSummary(
        id,
        Json.text(Json.child(run, "test"), "id"),
        Job.upper(Json.text(run, "state")),
        Job.upper(Json.text(run, "result")),
        Json.texts(run, "tags"),
        Json.text(run, "completed_at"));
  }
}
