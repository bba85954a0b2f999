package io.github.nunuaction.nunu;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nunuaction.actions.Commands;
import io.github.nunuaction.core.Json;
import io.github.nunuaction.http.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * The answer to "start a run", from any of its generations: bare {@code {job_ids}} (current),
 * {@code {data: {job_ids}}} (intermediate envelope) or {@code {data: {job_id, multiplayer_run_id}}}
 * (MVP). A run on every device of a config answers per device ({@code results[]} or {@code
 * device_runs[]}, each with the start's own answer in {@code data}); 207 when some devices did not
 * start, which {@code failedDevices} says.
 */
public record StartedRun(
    List<String> jobIds,
    String buildId,
    String testPlanExecutionId,
    String testId,
    String message,
    List<String> failedDevices) {

  public StartedRun(
      List<String> jobIds,
      String buildId,
      String testPlanExecutionId,
      String testId,
      String message) {
    this(jobIds, buildId, testPlanExecutionId, testId, message, List.of());
  }

  static StartedRun from(JsonNode json) {
    JsonNode body = Envelope.unwrap(json, "job_ids");
    var jobIds = new LinkedHashSet<>(Json.texts(body, "job_ids"));
    String singleJob = Json.text(body, "job_id");
    if (jobIds.isEmpty() && singleJob != null) {
      jobIds.add(singleJob);
    }
    String buildId = Json.firstText(body, "build_id");
    for (JsonNode device : devices(body)) {
      JsonNode data = Json.child(device, "data");
      jobIds.addAll(Json.texts(data, "job_ids"));
      buildId = buildId != null ? buildId : Json.text(data, "build_id");
    }
    if (jobIds.isEmpty()) {
      throw new IllegalArgumentException(
          "it names no job (no job_ids, data.job_ids or data.job_id)");
    }
    return new StartedRun(
        List.copyOf(jobIds),
        buildId,
        Json.firstText(body, "test_plan_execution_id"),
        Json.firstText(body, "test_id"),
        Json.firstText(body, "message"),
        failedDevices(body));
  }

  /**
   * What a failed start means: a 5xx with a result per device says no device started (API.md
   * 2.2.1), and a 400 for want of an agent config says which input to set; anything else as it is.
   */
  static ApiException explain(ApiException failure) {
    JsonNode answer = failure.errorBody();
    if (failure.status() >= 500 && answer != null && perDevice(answer)) {
      return ApiException.invalid(
          "Could not start the run: nunu started it on none of the devices (HTTP "
              + failure.status()
              + "): "
              + Commands.oneLine(String.join("; ", failedDevices(answer)))
              + ". Nothing was started; check the devices of the deployment config in nunu.");
    }
    String message = failure.getMessage().toLowerCase(Locale.ROOT);
    if (failure.status() == 400 && message.contains("agent_config")) {
      return ApiException.invalid(
          failure.getMessage()
              + " Set agent-config-id: the id of an agent config (nunu, Project, Agent configs;"
              + " the docs show ac_default).");
    }
    return failure;
  }

  /** Whether an answer is the multi-device shape: a result per device. */
  static boolean perDevice(JsonNode body) {
    return !devices(body).isEmpty();
  }

  /** The devices of a multi-device answer that did not start, each with why. */
  static List<String> failedDevices(JsonNode body) {
    var failed = new ArrayList<String>();
    for (JsonNode device : devices(body)) {
      if (device.path("ok").isBoolean() && !device.path("ok").asBoolean()) {
        String why = Json.firstText(device, "error", "message");
        failed.add(Json.text(device, "device_label") + (why == null ? "" : ": " + why));
      }
    }
    return List.copyOf(failed);
  }

  private static List<JsonNode> devices(JsonNode body) {
    var devices = new ArrayList<JsonNode>();
    for (String list : List.of("results", "device_runs")) {
      devices.addAll(Json.array(body, list));
    }
    return devices;
  }
}
