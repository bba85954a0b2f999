package io.github.nunuaction.nunu;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nunuaction.core.Json;
import java.util.List;
import java.util.Locale;

/**
 * A job and the runs it made so far. Status is upper-cased: its casing changed over time.
 *
 * @param retriesUsed how many of its runs were retries ({@code retries.total - remaining}), or null
 *     when the answer does not say
 * @param testId the test behind the job ({@code multiplayer_test_id})
 * @param tags the run's tags: {@code additional_tags} and nunu's own
 */
public record Job(
    String jobId,
    String status,
    String testName,
    String queueRejectionReason,
    Integer retriesUsed,
    String testId,
    String buildId,
    String testPlanExecutionId,
    List<String> tags,
    List<JobRun> runs) {

  /** The only terminal job status (API.md section 4.2). */
  public static final String COMPLETED = "COMPLETED";

  /** One run of the job. State and result are upper-cased; result is null while it runs. */
  public record JobRun(String runId, String state, String result, String startedAt) {}

  public boolean completed() {
    return COMPLETED.equals(status);
  }

  static Job from(JsonNode json) {
    JsonNode body = Envelope.unwrap(json, "job_id");
    String status = upper(Json.text(body, "status"));
    if (status == null) {
      throw new IllegalArgumentException("the job has no status");
    }
    List<JobRun> runs =
        Json.array(body, "runs").stream()
            .filter(run -> Json.text(run, "multiplayer_run_id") != null)
            .map(
                run ->
                    new JobRun(
                        Json.text(run, "multiplayer_run_id"),
                        upper(Json.text(run, "state")),
                        upper(Json.text(run, "result")),
                        Json.text(run, "started_at")))
            .toList();
    JsonNode retries = Json.child(body, "retries");
    Long total = Json.integer(retries, "total");
    Long remaining = Json.integer(retries, "remaining");
    return new Job(
        Json.text(body, "job_id"),
        status,
        Json.text(body, "test_name"),
        Json.text(body, "queue_rejection_reason"),
        total == null || remaining == null ? null : (int) Math.max(0, total - remaining),
        Json.text(body, "multiplayer_test_id"),
        Json.text(body, "build_id"),
        Json.text(body, "test_plan_execution_id"),
        Json.texts(body, "tags"),
        runs);
  }

  static String upper(String value) {
    return value == null ? null : value.strip().toUpperCase(Locale.ROOT);
  }
}
