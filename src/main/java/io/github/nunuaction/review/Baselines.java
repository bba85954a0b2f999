package io.github.nunuaction.review;

import io.github.nunuaction.actions.Log;
import io.github.nunuaction.config.Identity;
import io.github.nunuaction.http.ApiException;
import io.github.nunuaction.nunu.Listed;
import io.github.nunuaction.nunu.NunuApi;
import io.github.nunuaction.nunu.RunFilter;
import io.github.nunuaction.nunu.RunSummary;
import io.github.nunuaction.results.Baseline;
import io.github.nunuaction.results.JobResult;
import io.github.nunuaction.results.Outcome;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether each failed test is a new failure: the newest completed run of the same test on the
 * baseline branch, with the same target (config, agent, template data, options: what makes two runs
 * comparable), found by the identity tags of the runs there and never a run of this workflow run.
 * Each listed run is checked against all of that; they are ordered by their completion time here,
 * not by the order nunu lists them in, over a bounded number of pages. A list that held other runs
 * (the server ignored the filter) gives no baseline.
 */
final class Baselines {
  static final int MAX_PAGES = 5;

  private final NunuApi api;
  private final Log log;
  private boolean noticed;

  public Baselines(NunuApi api, Log log) {
    this.api = api;
    this.log = log;
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
      log.warning(
          "Could not look up the results on "
              + branch
              + " ("
              + e.getMessage()
              + "); failures are not marked new or known.",
          "Baseline");
      return Map.of();
    }
    return baselines;
  }

  private Baseline baseline(String testId, List<String> tags, Identity identity, String branch) {
    Listed<RunSummary> listed = api.runs(new RunFilter(testId, tags), MAX_PAGES);
    if (listed.filterIgnored()) {
      if (!noticed) {
        noticed = true;
        log.notice(
            "nunu's run list for the baseline held "
                + listed.problem()
                + ": failures get no baseline on "
                + branch
                + " rather than one from another test, branch or config.",
            "nunu ignored a filter");
      }
      return new Baseline(Baseline.Kind.NONE, branch);
    }
    Optional<RunSummary> newest =
        listed.matching().stream()
            .filter(run -> !run.tags().contains(identity.thisRunTag()))
            .filter(run -> run.result() != null && run.completedInstant() != null)
            .max(Comparator.comparing(RunSummary::completedInstant));
    if (newest.isEmpty()) {
      return new Baseline(Baseline.Kind.NONE, branch);
    }
    return new Baseline(
        Outcome.of(newest.get().result()) == Outcome.PASSED
            ? Baseline.Kind.NEW
            : Baseline.Kind.KNOWN,
        branch);
  }
}
