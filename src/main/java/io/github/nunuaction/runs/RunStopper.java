package io.github.nunuaction.runs;

import io.github.nunuaction.actions.Commands;
import io.github.nunuaction.actions.Log;
import io.github.nunuaction.core.Cancellation.Cancelled;
import io.github.nunuaction.http.ApiException;
import io.github.nunuaction.nunu.NunuApi;
import io.github.nunuaction.nunu.StopResult;
import java.util.List;

/**
 * Stops jobs that may still be running on nunu, for every reason the action has: a failure, the
 * timeout, a cancellation, or a main step that died before it finished (the post step). A job that
 * cannot be stopped is a warning, never a failure: the user is told to stop it by hand.
 */
public final class RunStopper {
  private final NunuApi api;
  private final Log log;

  public RunStopper(NunuApi api, Log log) {
    this.api = api;
    this.log = log;
  }

  public void stop(List<String> jobIds, String why) {
    if (jobIds.isEmpty()) {
      return;
    }
    try {
      StopResult stop = api.stopRuns(jobIds);
      log.info(
          "Stopped "
              + stop.stoppedCount()
              + " of "
              + jobIds.size()
              + " job(s) because "
              + why
              + ".");
      for (StopResult.Failure failure : stop.failures()) {
        log.info(
            "Job "
                + Commands.oneLine(failure.jobId())
                + " was not stopped: "
                + Commands.oneLine(failure.error()));
      }
    } catch (ApiException | Cancelled e) {
      log.warning(
          "Could not stop job(s) "
              + Commands.oneLine(String.join(", ", jobIds))
              + ": "
              + e.getMessage()
              + " Stop them in nunu (Runs page) so that they do not use your quota.",
          "Runs not stopped");
    }
  }
}
