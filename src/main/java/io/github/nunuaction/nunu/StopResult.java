package io.github.nunuaction.nunu;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nunuaction.core.Json;
import java.util.List;

/** The answer to "stop runs": 200 all stopped, 207 some (the rest failed or had finished). */
public record StopResult(int stoppedCount, List<Failure> failures) {

  /** A job that could not be stopped, e.g. "Job already completed". */
  public record Failure(String jobId, String error) {}

  static StopResult from(JsonNode json) {
    Long stopped = Json.integer(json, "stopped_count");
    List<Failure> failures =
        Json.array(json, "results").stream()
            .filter(result -> result.has("ok") && !result.get("ok").asBoolean())
            .map(
                result ->
                    new Failure(
                        Json.text(result, "job_id"), Json.firstText(result, "error", "message")))
            .toList();
    return new StopResult(stopped == null ? 0 : stopped.intValue(), failures);
  }
}
