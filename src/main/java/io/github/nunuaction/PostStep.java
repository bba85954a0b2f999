package io.github.nunuaction;

import io.github.nunuaction.actions.Commands;
import io.github.nunuaction.actions.Workflow;
import io.github.nunuaction.config.InputParser;
import io.github.nunuaction.config.Inputs;
import io.github.nunuaction.core.Json;
import io.github.nunuaction.http.EnvironmentProxies;
import io.github.nunuaction.runs.RunStopper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The post step ({@code post-entrypoint}): when the main step died before it finished (killed, not
 * cancelled cleanly), the runs it started may still be going, so stop them. The main step saves
 * {@code job-ids} when the runs start and {@code finished} when it ends. Never fails the job.
 */
final class PostStep {
  private PostStep() {}

  static ExitCode run(Map<String, String> env, Session session) {
    Workflow workflow = session.workflow();
    String saved = workflow.state("job-ids");
    if (saved.isBlank() || "true".equals(workflow.state("finished"))) {
      workflow.info("nunu-action post step: nothing to clean up.");
      return ExitCode.OK;
    }
    List<String> jobIds = new ArrayList<>();
    try {
      Json.MAPPER.readTree(saved).forEach(id -> jobIds.add(id.asText()));
    } catch (IOException e) {
      workflow.warning(
          "Post step",
          "The saved job ids could not be read; stop the runs in nunu if they still run.");
      return ExitCode.OK;
    }
    Inputs.Api api = InputParser.parseApi(env, session.context());
    EnvironmentProxies proxies;
    try {
      if (api == null || jobIds.isEmpty()) {
        throw new IllegalArgumentException("the api inputs are invalid");
      }
      proxies = EnvironmentProxies.from(env);
    } catch (IllegalArgumentException e) {
      workflow.warning(
          "Post step",
          "Cannot stop job(s) "
              + Commands.oneLine(String.join(", ", jobIds))
              + ": "
              + e.getMessage()
              + ". Stop them in nunu (Runs page) if they still run.");
      return ExitCode.OK;
    }
    new RunStopper(session.nunu(api, proxies, 2), workflow)
        .stop(jobIds, "the main step ended before it finished");
    return ExitCode.OK;
  }
}
