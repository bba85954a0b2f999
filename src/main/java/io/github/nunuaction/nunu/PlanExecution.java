package io.github.nunuaction.nunu;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nunuaction.core.Json;

/**
 * A test plan execution's own counts (API.md section 2.4.2): its status ({@code queued}, {@code
 * in_progress}, {@code completed}) and how many of its tests passed, failed, were skipped or
 * stopped. Any count may be missing.
 */
public record PlanExecution(
    String testPlanName,
    Double durationMs,
    String status,
    Long totalTests,
    Long passed,
    Long failed,
    Long skipped,
    Long stopped) {

  /** The execution {@code executionId} from a page of executions; null when it is not there. */
  static PlanExecution find(JsonNode page, String executionId) {
    return Json.array(page, "data").stream()
        .filter(execution -> executionId.equals(Json.text(execution, "id")))
        .findFirst()
        .map(PlanExecution::from)
        .orElse(null);
  }

  static PlanExecution from(JsonNode execution) {
    JsonNode counts = Json.child(execution, "test_status");
    return new PlanExecution(
        Json.text(execution, "test_plan_name"),
        Json.number(execution, "duration_ms"),
        Json.text(execution, "status"),
        Json.integer(execution, "total_tests"),
        Json.integer(counts, "passed"),
        Json.integer(counts, "failed"),
        Json.integer(counts, "skipped"),
        Json.integer(counts, "stopped"));
  }
}
