package io.github.nunuaction.nunu;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nunuaction.core.Json;
import java.util.List;

/** One bug occurrence reported in a run. All text is untrusted. */
public record Bug(
    String id,
    String bugId,
    String title,
    String description,
    String category,
    String severity,
    String confidence,
    String reproductionSteps,
    Long playerNumber,
    Long testStep,
    String detectedAt) {

  /** Reads {@code {data: [...]}} (current) or {@code {bug_occurrences: [...]}} (MVP). */
  static List<Bug> listFrom(JsonNode json) {
    List<JsonNode> items =
        json.has("bug_occurrences")
            ? Json.array(json, "bug_occurrences")
            : Json.array(json, "data");
    if (items.isEmpty() && json.isArray()) {
      json.forEach(items::add);
    }
    return items.stream().map(Bug::from).toList();
  }

  private static Bug from(JsonNode bug) {
    return new Bug(
        Json.text(bug, "id"),
        Json.text(bug, "bug_id"),
        Json.text(bug, "title"),
        Json.text(bug, "description"),
        Json.text(bug, "category"),
        Json.text(bug, "severity"),
        Json.text(bug, "confidence"),
        Json.text(bug, "reproduction_steps"),
        Json.integer(bug, "player_number"),
        Json.integer(bug, "test_step"),
        Json.text(bug, "detected_at"));
  }
}
