package io.github.nunuaction.nunu;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nunuaction.core.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer to "start a run", from any of its generations: bare {@code {job_ids}} (current),
 * {@code {data: {job_ids}}} (intermediate envelope) or {@code {data: {job_id, multiplayer_run_id}}}
 * (MVP).
 */
public record StartedRun(
    List<String> jobIds,
    String buildId,
    String testPlanExecutionId,
    String testId,
    String message) {

  static StartedRun from(JsonNode json) {
    JsonNode body = Envelope.unwrap(json, "job_ids");
    List<String> jobIds = new ArrayList<>(Json.texts(body, "job_ids"));
    String singleJob = Json.text(body, "job_id");
    if (jobIds.isEmpty() && singleJob != null) {
      jobIds.add(singleJob);
    }
    if (jobIds.isEmpty()) {
      throw new IllegalArgumentException(
          "it names no job (no job_ids, data.job_ids or data.job_id)");
    }
    return new StartedRun(
        List.copyOf(jobIds),
        Json.firstText(body, "build_id"),
        Json.firstText(body, "test_plan_execution_id"),
        Json.firstText(body, "test_id"),
        Json.firstText(body, "message"));
  }
}
