package io.github.nunuaction;

import io.github.nunuaction.Cancellation.Cancelled;
import io.github.nunuaction.api.ApiException;
import io.github.nunuaction.api.EnvironmentProxies;
import io.github.nunuaction.api.Json;
import io.github.nunuaction.api.NunuApi;
import io.github.nunuaction.api.StopResult;
import io.github.nunuaction.api.Timeouts;
import io.github.nunuaction.config.InputParser;
import io.github.nunuaction.config.Inputs;
import io.github.nunuaction.github.Workflow;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The post step ({@code post-entrypoint}): when the main step died before it finished (killed,
 * not cancelled cleanly), the runs it started may still be going, so stop them. The main step
 * saves {@code job-ids} when the runs start and {@code finished} when it ends; the runner passes
 * them back as {@code STATE_*}. Never fails the job.
 */
public final class PostStep {
  private PostStep() {}

  public static int run(Map<String, String> env, PrintStream out, PrintStream err, Cancellation cancellation, Clock clock) {
    Workflow workflow = Workflow.from(env, out, err);
    workflow.mask(InputParser.rawApiKey(env));
    String saved = env.get("STATE_job-ids");
    if (saved == null || saved.isBlank() || "true".equals(env.get("STATE_finished"))) {
      workflow.info("nunu-action post step: nothing to clean up.");
      return NunuAction.EXIT_OK;
    }
    List<String> jobIds = new ArrayList<>();
    try {
      Json.MAPPER.readTree(saved).forEach(id -> jobIds.add(id.asText()));
    } catch (IOException e) {
      workflow.warning("Post step", "The saved job ids could not be read; stop the runs in nunu if they still run.");
      return NunuAction.EXIT_OK;
    }
    var problems = new ArrayList<InputParser.Problem>();
    Inputs.Api apiInputs = InputParser.parseApi(env, problems);
    NunuApi api;
    try {
      if (!problems.isEmpty() || jobIds.isEmpty()) {
        throw new IllegalArgumentException("the api inputs are invalid");
      }
      api = NunuAction.connect(apiInputs, 2, Timeouts.DEFAULT, EnvironmentProxies.from(env), cancellation, clock, workflow);
    } catch (IllegalArgumentException e) {
      workflow.warning("Post step", "Cannot stop job(s) " + String.join(", ", jobIds) + ": " + e.getMessage()
          + ". Stop them in nunu (Runs page) if they still run.");
      return NunuAction.EXIT_OK;
    }
    workflow.info("The main step ended before it finished; stopping the runs it started: " + String.join(", ", jobIds));
    try {
      StopResult stop = api.stopRuns(jobIds);
      workflow.info("Stopped " + stop.stoppedCount() + " of " + jobIds.size() + " job(s); the others had finished.");
    } catch (ApiException | Cancelled e) {
      workflow.warning("Runs not stopped", "Could not stop job(s) " + String.join(", ", jobIds) + ": " + e.getMessage()
          + " Stop them in nunu (Runs page).");
    }
    return NunuAction.EXIT_OK;
  }
}
