package io.github.nunuaction.report;

import io.github.nunuaction.actions.Workflow;
import io.github.nunuaction.config.Inputs.JobSummary;
import io.github.nunuaction.core.Json;
import io.github.nunuaction.results.Conclusion;
import io.github.nunuaction.results.Counts;
import io.github.nunuaction.results.JobResult;
import io.github.nunuaction.results.Results;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes everything the results produce: files in {@code results-dir}, the outputs, the step
 * summary and the annotations. Each part is written even when another fails, because a report is
 * most needed when something went wrong.
 *
 * @param resultsDir where results.json, junit.xml and summary.md go
 * @param workspace paths inside it are given relative to it: the runner mounts it elsewhere
 */
public record ReportWriter(
    Path resultsDir, Path workspace, JobSummary jobSummary, Workflow workflow) {

  /**
   * @param downloads artifact URL → downloaded path relative to the results folder
   */
  public void write(Results results, Map<String, String> downloads) {
    Path json = resultsDir.resolve("results.json");
    Path junit = resultsDir.resolve("junit.xml");
    boolean filesWritten = false;
    try {
      Files.createDirectories(resultsDir);
      String rendered =
          Json.MAPPER
              .writerWithDefaultPrettyPrinter()
              .writeValueAsString(ResultsJson.render(results, downloads));
      writeFile(json, rendered + "\n");
      writeFile(junit, JunitXml.render(results));
      filesWritten = true;
    } catch (IOException | UncheckedIOException e) {
      workflow.warning(
          "Could not write results to "
              + resultsDir
              + ": "
              + e.getMessage()
              + " Check that results-dir names a writable folder in the workspace.",
          "Results not written");
    }
    writeOutputs(results, filesWritten ? json : null, filesWritten ? junit : null);
    if (summaryWanted(results)) {
      String summary = new StepSummary(new Markdown(workflow.scrubber())).render(results);
      try {
        if (!workflow.appendSummary(summary)) {
          workflow.info(
              "Step summary (no GITHUB_STEP_SUMMARY here): "
                  + relative(resultsDir.resolve("summary.md")));
        }
        if (filesWritten) {
          writeFile(resultsDir.resolve("summary.md"), summary);
        }
      } catch (IOException | UncheckedIOException e) {
        workflow.warning(
            "Could not write the step summary: " + e.getMessage(), "Summary not written");
      }
    }
    Annotations.write(results, workflow);
    workflow.info(
        "Result: " + results.conclusion().output() + " (" + results.counts().describe() + ")");
  }

  /** {@code job-summary}: always, never, or only when the result is not a success. */
  private boolean summaryWanted(Results results) {
    return switch (jobSummary) {
      case TRUE -> true;
      case FALSE -> false;
      case ON_FAILURE -> results.conclusion() != Conclusion.SUCCESS;
    };
  }

  private void writeOutputs(Results results, Path json, Path junit) {
    Counts counts = results.counts();
    output("build-id", results.buildId());
    output("job-ids", Json.stringArray(results.jobIds()));
    output("run-ids", Json.stringArray(results.runIds()));
    output("test-plan-execution-id", results.testPlanExecutionId());
    output("result", results.conclusion().output());
    output("passed", String.valueOf(counts.passed()));
    output("failed", String.valueOf(counts.failed()));
    output("errored", String.valueOf(counts.errored()));
    output("bugs", String.valueOf(counts.bugs()));
    output("results-file", json == null ? "" : relative(json));
    output("junit-file", junit == null ? "" : relative(junit));
    output("superseded-job-ids", Json.stringArray(results.superseded()));
    output("build-reused", String.valueOf(results.buildReused()));
    output("test-id", results.review().testId());
    output("new-failures", Json.stringArray(results.newFailures()));
    output("comment-url", results.review().commentUrl());
    output("build-ids", Json.stringMap(results.buildIds()));
    output("flaky", Json.stringArray(names(results.flaky())));
    output("quarantined-failures", Json.stringArray(names(results.quarantinedFailures())));
  }

  private static List<String> names(List<JobResult> jobs) {
    return jobs.stream().map(JobResult::displayName).toList();
  }

  private void output(String name, String value) {
    try {
      workflow.setOutput(name, value == null ? "" : value);
    } catch (UncheckedIOException e) {
      workflow.warning(
          "Could not write output " + name + ": " + e.getMessage(), "Output not written");
    }
  }

  private String relative(Path path) {
    return path.startsWith(workspace) ? workspace.relativize(path).toString() : path.toString();
  }

  private void writeFile(Path file, String content) throws IOException {
    Files.writeString(file, workflow.scrubber().scrub(content), StandardCharsets.UTF_8);
  }
}
