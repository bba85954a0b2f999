package io.github.nunuaction.config;

import io.github.nunuaction.actions.GitHubContext;
import io.github.nunuaction.config.Inputs.Api;
import io.github.nunuaction.config.Inputs.Build;
import io.github.nunuaction.config.Inputs.Leg;
import io.github.nunuaction.config.Inputs.Reporting;
import io.github.nunuaction.config.Inputs.Run;
import io.github.nunuaction.config.Inputs.Waiting;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code INPUT_*} variables the runner sets (upper-cased names, hyphens kept, as in
 * {@code INPUT_API-KEY}) and checks all of them, collecting every problem rather than stopping at
 * the first, so that one failed run tells the user everything to fix.
 */
public final class InputParser {

  /** One invalid input: which one, and what is allowed. */
  public record Problem(String input, String message) {}

  /**
   * The parsed inputs, or (inputs null) the problems found; {@code notes} are worth saying before
   * anything is sent (a path outside the working directory, outside GitHub Actions).
   */
  public record Parsed(Inputs inputs, List<Problem> problems, List<String> notes) {
    public boolean valid() {
      return problems.isEmpty();
    }
  }

  private InputParser() {}

  /** Every input, or every problem with them. */
  public static Parsed parse(Map<String, String> env, GitHubContext context) {
    var in = new InputReader(env, context);
    var step = new StepInputs(in);
    Api api = step.api();
    var builds = new BuildInputs(in);
    Run run = new RunInputs(in, builds).read();
    Build build = builds.build(run != null);
    Waiting waiting = step.waiting();
    Reporting reporting = step.reporting();
    Leg leg = step.leg();
    if (run != null && run.retryFailed() > 0 && !waiting.enabled()) {
      in.note("retry-failed does nothing with wait: false (a failure is known only by waiting)");
    }
    if (!in.problems().isEmpty()) {
      return new Parsed(null, in.problems(), in.notes());
    }
    return new Parsed(new Inputs(api, build, run, waiting, reporting, leg), List.of(), in.notes());
  }

  /** Only the inputs that say how to reach nunu, for the post step's cleanup; null if invalid. */
  public static Api parseApi(Map<String, String> env, GitHubContext context) {
    var in = new InputReader(env, context);
    Api api = new StepInputs(in).api();
    return in.problems().isEmpty() ? api : null;
  }

  /** The secrets as given, before any validation, so that they can be masked first thing. */
  public static List<String> secrets(Map<String, String> env) {
    var secrets = new ArrayList<String>();
    secrets.add(rawApiKey(env));
    String token = env.get("INPUT_GITHUB-TOKEN");
    secrets.add(token == null ? null : token.strip());
    secrets.removeIf(secret -> secret == null || secret.isBlank());
    return secrets;
  }

  /** The API key as given, before any validation. */
  public static String rawApiKey(Map<String, String> env) {
    String key = env.get("INPUT_API-KEY");
    if (key == null || key.isBlank()) {
      key = env.get("NUNU_API_KEY");
    }
    return key == null ? null : key.strip();
  }
}
