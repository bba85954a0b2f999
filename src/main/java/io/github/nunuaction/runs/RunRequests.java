package io.github.nunuaction.runs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.nunuaction.config.Inputs.InstructionsTarget;
import io.github.nunuaction.config.Inputs.PlanTarget;
import io.github.nunuaction.config.Inputs.Run;
import io.github.nunuaction.config.Inputs.TestTarget;
import io.github.nunuaction.core.Json;
import java.util.LinkedHashSet;
import java.util.List;

/** The body of {@code POST /runs} for each way to start a test (API.md section 2.2.1). */
public final class RunRequests {
  private RunRequests() {}

  /**
   * @param identityTags the run's identity, added to the user's {@code tags}
   */
  public static ObjectNode body(Run run, String buildId, List<String> identityTags) {
    ObjectNode body = Json.object();
    switch (run.target()) {
      case TestTarget test -> {
        body.put("multiplayer_test_id", test.testId());
        if (test.retries() > 0) {
          body.put("retries", test.retries());
        }
        if (test.instances() > 1) {
          body.put("instances", test.instances());
        }
      }
      case PlanTarget plan -> body.put("test_plan_id", plan.testPlanId());
      case InstructionsTarget instructions -> {
        body.put("instructions", instructions.text());
        if (instructions.runName() != null) {
          body.put("name", instructions.runName());
        }
      }
    }
    body.put("deployment_config_id", run.deploymentConfigId());
    if (buildId != null) {
      body.put("build_id", buildId);
    }
    if (run.agentConfigId() != null) {
      body.put("agent_config_id", run.agentConfigId());
    }
    var tags = new LinkedHashSet<String>(run.tags());
    tags.addAll(identityTags);
    if (!tags.isEmpty()) {
      tags.forEach(body.putArray("additional_tags")::add);
    }
    if (run.templateData() != null) {
      body.put("render_templates", true);
      body.set("template_data", run.templateData());
    }
    if (run.options() != null) {
      body.set("options", run.options());
    }
    return body;
  }

  /** How the summary names what was started. */
  public static String describe(Run run) {
    return switch (run.target()) {
      case TestTarget test -> "test " + test.testId();
      case PlanTarget plan -> "test plan " + plan.testPlanId();
      case InstructionsTarget instructions ->
          "ephemeral test"
              + (instructions.runName() == null ? "" : " \"" + instructions.runName() + "\"");
    };
  }
}
