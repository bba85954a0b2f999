package io.github.nunuaction;

import io.github.nunuaction.actions.Commands;
import io.github.nunuaction.actions.Workflow;
import io.github.nunuaction.config.Identity;
import io.github.nunuaction.config.InputParser;
import io.github.nunuaction.config.Inputs;
import io.github.nunuaction.http.ApiException;
import io.github.nunuaction.http.EnvironmentProxies;
import io.github.nunuaction.nunu.Job;
import io.github.nunuaction.nunu.Listed;
import io.github.nunuaction.nunu.NunuApi;
import io.github.nunuaction.runs.RunStopper;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The post step ({@code post-entrypoint}): when the main step died before it finished (killed, not
 * cancelled cleanly), the runs it started may still be going, so stop them. The main step saves
 * {@code job-ids} when the runs start and {@code finished} when it ends; when it was killed before
 * it could save the ids, the runs are found by this attempt's identity tags. Never fails the job.
 */
final class PostStep {
  private static final int MAX_PAGES = 10;

  private PostStep() {}

  static ExitCode run(Map<String, String> env, Session session) {
    Workflow workflow = session.workflow();
    if ("true".equals(workflow.state("finished"))) {
      workflow.info("nunu-action post step: nothing to clean up.");
      return ExitCode.OK;
    }
    String saved = workflow.state("job-ids");
    // Saved ids need only the API inputs; finding the runs by their tags needs all of them.
    InputParser.Parsed parsed = saved.isBlank() ? InputParser.parse(env, session.context()) : null;
    Inputs.Api api =
        parsed == null
            ? InputParser.parseApi(env, session.context())
            : parsed.valid() ? parsed.inputs().api() : null;
    EnvironmentProxies proxies;
    try {
      if (api == null) {
        throw new IllegalArgumentException("the inputs are invalid");
      }
      proxies = EnvironmentProxies.from(env);
    } catch (IllegalArgumentException e) {
      if (!saved.isBlank()) {
        workflow.warning(
            "Cannot stop job(s) "
                + Commands.oneLine(saved)
                + ": "
                + e.getMessage()
                + ". Stop them in nunu (Runs page) if they still run.",
            "Post step");
      }
      return ExitCode.OK;
    }
    NunuApi nunu = session.nunu(api, session.caller(proxies, 2));
    List<String> jobIds =
        parsed != null ? byTags(parsed.inputs(), session, nunu) : savedIds(workflow);
    new RunStopper(nunu, workflow).stop(jobIds, "the main step ended before it finished");
    return ExitCode.OK;
  }

  private static List<String> savedIds(Workflow workflow) {
    try {
      return workflow.savedList("job-ids");
    } catch (IllegalArgumentException e) {
      workflow.warning(
          "The saved job ids could not be read; stop the runs in nunu if they still run.",
          "Post step");
      return List.of();
    }
  }

  /** The unfinished jobs this attempt started, found by its identity tags. */
  private static List<String> byTags(Inputs inputs, Session session, NunuApi nunu) {
    Optional<Identity> identity = Identity.of(session.context(), inputs);
    if (inputs.run() == null || identity.isEmpty()) {
      session.workflow().info("nunu-action post step: nothing to clean up.");
      return List.of();
    }
    session
        .workflow()
        .info(
            "The main step ended before it finished and no job ids were saved; looking for this"
                + " attempt's runs by their tags.");
    try {
      Listed<Job> listed = nunu.jobsTagged(identity.get().thisAttempt(), MAX_PAGES);
      if (listed.problem() != null) {
        session
            .workflow()
            .notice(
                "nunu's job list held "
                    + listed.problem()
                    + ": only the jobs that carry every tag of this attempt are stopped.",
                "nunu ignored a filter");
      }
      return listed.matching().stream().filter(job -> !job.completed()).map(Job::jobId).toList();
    } catch (ApiException e) {
      session
          .workflow()
          .warning(
              "Could not look for the runs of this attempt ("
                  + e.getMessage()
                  + "); stop them in nunu (Runs page, tag "
                  + identity.get().attemptTag()
                  + ") if they still run.",
              "Post step");
      return List.of();
    }
  }
}
