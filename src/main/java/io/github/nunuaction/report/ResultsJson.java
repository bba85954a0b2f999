package io.github.nunuaction.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.nunuaction.config.Quarantine;
import io.github.nunuaction.core.Json;
import io.github.nunuaction.nunu.Bug;
import io.github.nunuaction.nunu.RunDetails;
import io.github.nunuaction.nunu.RunDetails.Artifact;
import io.github.nunuaction.nunu.RunDetails.Item;
import io.github.nunuaction.nunu.RunDetails.Player;
import io.github.nunuaction.nunu.RunDetails.Step;
import io.github.nunuaction.results.Baseline;
import io.github.nunuaction.results.Counts;
import io.github.nunuaction.results.Excuses;
import io.github.nunuaction.results.JobResult;
import io.github.nunuaction.results.Knowledge;
import io.github.nunuaction.results.Outcome;
import io.github.nunuaction.results.Results;
import io.github.nunuaction.results.RunResult;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** {@code results.json}: the whole report, machine-readable (schema in the README). */
public final class ResultsJson {
  public static final int SCHEMA_VERSION = 1;

  private ResultsJson() {}

  /**
   * @param downloads artifact URL → path of the downloaded file, relative to the results dir
   */
  public static ObjectNode render(Results results, Map<String, String> downloads) {
    ObjectNode root = Json.object();
    root.put("schema_version", SCHEMA_VERSION);
    root.put("result", results.conclusion().output());
    root.put("build_id", results.buildId());
    ObjectNode builds = root.putObject("build_ids");
    results.buildIds().forEach(builds::put);
    if (results.upload() != null) {
      var upload = results.upload();
      root.putObject("upload")
          .put("file_name", upload.fileName())
          .put("bytes", upload.bytes())
          .put("upload_type", upload.uploadType())
          .put("parts", upload.parts())
          .put("seconds", upload.took().toMillis() / 1000.0)
          .put("megabytes_per_second", Math.round(upload.megabytesPerSecond() * 10) / 10.0)
          .put("reused", upload.reused());
    } else {
      root.putNull("upload");
    }
    results.superseded().forEach(root.putArray("superseded_job_ids")::add);
    var review = results.review();
    root.put("test_id", review.testId());
    root.put("comment_url", review.commentUrl());
    results.newFailures().forEach(root.putArray("new_failures")::add);
    if (review.knowledge() != null) {
      root.set("knowledge", knowledge(review.knowledge()));
    }
    root.put("started", results.startedWhat());
    root.put("test_plan_execution_id", results.testPlanExecutionId());
    if (results.planExecution() != null) {
      var e = results.planExecution();
      root.putObject("test_plan_execution")
          .put("test_plan_name", e.testPlanName())
          .put("duration_ms", e.durationMs())
          .put("status", e.status())
          .put("total_tests", e.totalTests())
          .put("passed", e.passed())
          .put("failed", e.failed())
          .put("skipped", e.skipped())
          .put("stopped", e.stopped());
    }
    Counts counts = results.counts();
    root.putObject("counts")
        .put("passed", counts.passed())
        .put("failed", counts.failed())
        .put("errored", counts.errored())
        .put("unfinished", counts.unfinished())
        .put("bugs", counts.bugs())
        .put("flaky", counts.flaky())
        .put("quarantined", counts.quarantined());
    ArrayNode flaky = root.putArray("flaky");
    results.flaky().forEach(job -> flaky.add(job.displayName()));
    ArrayNode quarantined = root.putArray("quarantined_failures");
    results.quarantinedFailures().forEach(job -> quarantined.add(job.displayName()));
    root.put("started_at", results.startedAt().toString());
    root.put("finished_at", results.finishedAt().toString());
    results.problems().forEach(root.putArray("problems")::add);
    ArrayNode jobs = root.putArray("jobs");
    for (JobResult job : results.jobs()) {
      ObjectNode jobNode =
          jobs.addObject()
              .put("job_id", job.jobId())
              .put("test_name", job.displayName())
              .put("status", job.status())
              .put("queue_rejection_reason", job.rejectionReason())
              .put("earlier_attempt", job.earlierAttempt() == 0 ? null : job.earlierAttempt());
      Baseline baseline = review.baselines().get(job.jobId());
      if (baseline != null) {
        jobNode
            .putObject("baseline")
            .put("branch", baseline.branch())
            .put("kind", baseline.kind().name().toLowerCase(Locale.ROOT));
      }
      Excuses excuses = review.excuses();
      jobNode.put("flaky", excuses.isFlaky(job));
      Quarantine.Entry entry = excuses.quarantined().get(job.jobId());
      if (entry != null) {
        jobNode
            .putObject("quarantine")
            .put("entry", entry.number())
            .put("test", entry.test())
            .put("reason", entry.reason())
            .put("until", entry.until().toString())
            .put("owner", entry.owner())
            .put("link", entry.link())
            .put("excused", excuses.excusing(job) != null);
      } else {
        jobNode.putNull("quarantine");
      }
      ArrayNode tries = jobNode.putArray("tries");
      int retry = 0;
      for (JobResult tried : results.triesOf(job)) {
        ObjectNode tryNode =
            tries
                .addObject()
                .put("job_id", tried.jobId())
                .put("earlier_attempt", tried.earlierAttempt() == 0 ? null : tried.earlierAttempt())
                .put("retry", tried.earlierAttempt() == 0 ? retry++ : null)
                .put("outcome", outcome(tried));
        ArrayNode tryRuns = tryNode.putArray("runs");
        for (RunResult run : tried.runs()) {
          tryRuns.addObject().put("run_id", run.runId()).put("result", run.result());
        }
      }
      ArrayNode runs = jobNode.putArray("runs");
      for (RunResult run : job.runs()) {
        runs.add(run(run, downloads, results::configOf));
      }
    }
    return root;
  }

  /** A try's outcome: passed, failed, errored or unfinished, as its counted runs say. */
  private static String outcome(JobResult tried) {
    List<Outcome> outcomes = tried.outcomes();
    Outcome worst =
        outcomes.contains(Outcome.UNFINISHED)
            ? Outcome.UNFINISHED
            : outcomes.contains(Outcome.ERRORED)
                ? Outcome.ERRORED
                : outcomes.contains(Outcome.FAILED) ? Outcome.FAILED : Outcome.PASSED;
    return worst.name().toLowerCase(Locale.ROOT);
  }

  private static ObjectNode knowledge(Knowledge knowledge) {
    ObjectNode node = Json.object().put("problem", knowledge.problem());
    ArrayNode files = node.putArray("files");
    for (Knowledge.File file : knowledge.files()) {
      files
          .addObject()
          .put("scope", file.scope())
          .put("path", file.path())
          .put("size", file.size())
          .put("uploaded", file.uploaded())
          .put("etag", file.etag())
          .put("description", file.description());
    }
    if (knowledge.drift() != null) {
      ObjectNode drift = node.putObject("drift");
      knowledge.drift().missing().forEach(drift.putArray("missing_in_nunu")::add);
      knowledge.drift().extra().forEach(drift.putArray("only_in_nunu")::add);
      knowledge.drift().different().forEach(drift.putArray("changed")::add);
      knowledge.drift().uncomparable().forEach(drift.putArray("cannot_compare")::add);
    }
    return node;
  }

  private static ObjectNode run(
      RunResult run, Map<String, String> downloads, Function<Long, String> configOf) {
    ObjectNode node =
        Json.object()
            .put("run_id", run.runId())
            .put("result", run.result())
            .put("outcome", run.outcome().name().toLowerCase(Locale.ROOT))
            .put("counted", !run.superseded())
            .put("test_name", run.testName());
    RunDetails details = run.details();
    node.put("test_type", details == null ? null : details.testType());
    node.put("duration_ms", run.durationMs());
    node.put("bug_count", run.bugCount());
    node.put("fetch_problem", run.fetchProblem());
    ArrayNode players = node.putArray("players");
    if (details != null) {
      for (Player player : details.players()) {
        ObjectNode playerNode = player(player, downloads);
        playerNode.put("deployment_config_id", configOf.apply(player.number()));
        ArrayNode apps = playerNode.putArray("apps");
        for (var app : details.appsOf(player.number())) {
          apps.addObject()
              .put("role", app.role())
              .put("extra_app_number", app.extraAppNumber())
              .put("build_id", app.buildId())
              .put("build_name", app.buildName());
        }
        players.add(playerNode);
      }
    }
    ArrayNode bugs = node.putArray("bugs");
    for (Bug bug : run.bugs()) {
      bugs.addObject()
          .put("id", bug.id())
          .put("bug_id", bug.bugId())
          .put("title", bug.title())
          .put("description", bug.description())
          .put("category", bug.category())
          .put("severity", bug.severity())
          .put("confidence", bug.confidence())
          .put("reproduction_steps", bug.reproductionSteps())
          .put("player_number", bug.playerNumber())
          .put("test_step", bug.testStep())
          .put("detected_at", bug.detectedAt());
    }
    return node;
  }

  private static ObjectNode player(Player player, Map<String, String> downloads) {
    ObjectNode node =
        Json.object()
            .put("id", player.id())
            .put("player_number", player.number())
            .put("test_name", player.testName())
            .put("result", player.result())
            .put("platform", player.platform())
            .put("device", player.device());
    ArrayNode steps = node.putArray("steps");
    for (Step step : player.steps()) {
      ObjectNode stepNode =
          steps
              .addObject()
              .put("number", step.number())
              .put("result", step.result())
              .put("goal", step.goal())
              .put("report", step.report())
              .put("duration_ms", step.durationMs());
      ArrayNode items = stepNode.putArray("items");
      for (Item item : step.items()) {
        items
            .addObject()
            .put("id", item.id())
            .put("expected", item.expected())
            .put("status", item.status())
            .put("comment", item.comment());
      }
    }
    ArrayNode artifacts = node.putArray("artifacts");
    for (Artifact artifact : player.artifacts()) {
      artifacts
          .addObject()
          .put("filename", artifact.filename())
          .put("url", artifact.url())
          .put("size", artifact.size())
          .put("downloaded_to", artifact.url() == null ? null : downloads.get(artifact.url()));
    }
    return node;
  }
}
