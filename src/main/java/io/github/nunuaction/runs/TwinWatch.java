package io.github.nunuaction.runs;

import io.github.nunuaction.actions.Commands;
import io.github.nunuaction.actions.Log;
import io.github.nunuaction.http.ApiException;
import io.github.nunuaction.nunu.Job;
import io.github.nunuaction.nunu.Listed;
import io.github.nunuaction.nunu.NunuApi;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The look-out, each polling round, for late twins of a start that was sent twice: jobs that carry
 * every tag of one of this step's starts but are not among the jobs it waits for (the first start,
 * whose answer was lost, listed late). Each is stopped at once, reported, and never counted. Only
 * jobs the list shows with all the tags are looked at: a list is a claim.
 */
final class TwinWatch {
  private static final int PAGES = 2;
  private final NunuApi api;
  private final RunStopper stopper;
  private final Log log;
  private final List<List<String>> tagSets;
  private final Consumer<String> report;
  private final Set<String> seen = new LinkedHashSet<>();
  private boolean noted;

  TwinWatch(
      NunuApi api,
      RunStopper stopper,
      Log log,
      List<List<String>> tagSets,
      Consumer<String> report) {
    this.api = api;
    this.stopper = stopper;
    this.log = log;
    this.tagSets = List.copyOf(tagSets);
    this.report = report;
  }

  void look(List<String> ours) {
    for (List<String> tags : tagSets) {
      Listed<Job> listed;
      try {
        listed = api.jobsTagged(tags, PAGES);
      } catch (ApiException e) {
        log.info("Looking for a late twin of the start failed: " + e.getMessage());
        continue;
      }
      if (listed.problem() != null && !noted) {
        noted = true;
        log.info(
            "nunu's job list held "
                + Commands.oneLine(listed.problem())
                + "; only jobs with every tag of this step's start are looked at.");
      }
      for (Job job : listed.matching()) {
        if (!ours.contains(job.jobId()) && seen.add(job.jobId())) {
          twin(job);
        }
      }
    }
  }

  private void twin(Job job) {
    String problem =
        "Job "
            + Commands.oneLine(job.jobId())
            + JobWaiter.label(job)
            + " carries this step's tags but is not one of its runs: the first start, whose"
            + " answer was lost, was listed late. "
            + (job.completed() ? "It had completed already" : "It was stopped")
            + " and is not counted.";
    log.warning(problem, "nunu");
    report.accept(problem);
    if (!job.completed()) {
      stopper.stop(List.of(job.jobId()), "it doubles this step's runs");
    }
  }
}
