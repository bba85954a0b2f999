package io.github.nunuaction.runs;

import io.github.nunuaction.config.Identity;
import io.github.nunuaction.http.ApiException;
import io.github.nunuaction.nunu.NunuApi;
import io.github.nunuaction.nunu.RunSummary;
import io.github.nunuaction.results.Baseline;
import io.github.nunuaction.results.JobResult;
import io.github.nunuaction.results.Outcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Whether each failed test is a new failure: the last completed run of the same test on the
 * baseline branch, found by the identity tags of the runs there (the repository and the branch's
 * ref), never a run of this workflow run.
 */
public final class Baselines {
  private final NunuApi api;
  private final Consumer<String> warn;

  public Baselines(NunuApi api, Consumer<String> warn) {
    this.api = api;
    this.warn = warn;
  }

  /** Job id → baseline for each failed or errored job; empty when the lookup fails. */
  public Map<String, Baseline> of(List<JobResult> jobs, Identity identity, String branch) {
    var baselines = new LinkedHashMap<String, Baseline>();
    List<String> tags = identity.onBranch(branch);
    try {
      for (JobResult job : jobs) {
        boolean failed =
            job.outcomes().stream().anyMatch(o -> o == Outcome.FAILED || o == Outcome.ERRORED);
        if (failed && job.testId() != null && job.earlierAttempt() == 0) {
          baselines.put(job.jobId(), baseline(job.testId(), tags, identity, branch));
        }
      }
    } catch (ApiException e) {
      warn.accept(
          "Could not look up the results on "
              + branch
              + " ("
              + e.getMessage()
              + "); failures are not marked new or known.");
      return Map.of();
    }
    return baselines;
  }

  private Baseline baseline(String testId, List<String> tags, Identity identity, String branch) {
    Optional<RunSummary> last =
        api.completedRuns(testId, tags).stream()
            .filter(run -> !run.tags().contains(identity.thisRunTag()))
            .filter(run -> run.result() != null)
            .findFirst();
    if (last.isEmpty()) {
      return new Baseline(Baseline.Kind.NONE, branch);
    }
    return new Baseline(
        Outcome.of(last.get().result()) == Outcome.PASSED ? Baseline.Kind.NEW : Baseline.Kind.KNOWN,
        branch);
  }
}
