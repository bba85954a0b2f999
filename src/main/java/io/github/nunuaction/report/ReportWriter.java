package io.github.nunuaction.report;

import io.github.nunuaction.api.Json;
import io.github.nunuaction.config.InputParser;
import io.github.nunuaction.config.Inputs;
import io.github.nunuaction.github.Workflow;
import io.github.nunuaction.report.Report.Counts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes everything the report produces: files in {@code results-dir}, the outputs, the step
 * summary and the annotations. Each part is written even when another fails, because a report
 * is most needed when something went wrong.
 */
public final class ReportWriter {
  private final Inputs inputs;
  private final Path workspace;
  private final Workflow workflow;

  public ReportWriter(Inputs inputs, Map<String, String> env, Workflow workflow) {
    this.inputs = inputs;
    this.workspace = InputParser.workspace(env);
    this.workflow = workflow;
  }

  /** @param downloads artifact URL → downloaded path relative to the results folder */
  public void write(Report report, Map<String, String> downloads) {
    Path dir = inputs.report().resultsDir();
    Path results = dir.resolve("results.json");
    Path junit = dir.resolve("junit.xml");
    boolean filesWritten = false;
    try {
      Files.createDirectories(dir);
      String json = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(ResultsJson.render(report, downloads));
      writeFile(results, json + "\n");
      writeFile(junit, JunitXml.render(report));
      filesWritten = true;
    } catch (IOException | UncheckedIOException e) {
      workflow.warning("Results not written", "Could not write results to " + dir + ": " + e.getMessage()
          + " Check that results-dir names a writable folder in the workspace.");
    }
    writeOutputs(report, filesWritten ? results : null, filesWritten ? junit : null);
    if (inputs.report().jobSummary()) {
      String summary = new StepSummary(new Markdown(workflow.scrubber())).render(report);
      try {
        if (!workflow.appendSummary(summary)) {
          workflow.info("Step summary (no GITHUB_STEP_SUMMARY here): " + relative(dir.resolve("summary.md")));
        }
        if (filesWritten) {
          writeFile(dir.resolve("summary.md"), summary);
        }
      } catch (IOException | UncheckedIOException e) {
        workflow.warning("Summary not written", "Could not write the step summary: " + e.getMessage());
      }
    }
    Annotations.write(report, workflow);
    Counts counts = report.counts();
    workflow.info("Result: " + report.result().output() + " (" + counts.passed() + " passed, " + counts.failed() + " failed, "
        + counts.errored() + " errored, " + counts.bugs() + " bugs)");
  }

  private void writeOutputs(Report report, Path results, Path junit) {
    Counts counts = report.counts();
    output("build-id", report.buildId());
    output("job-ids", Json.stringArray(report.jobIds()));
    output("run-ids", Json.stringArray(report.runIds()));
    output("test-plan-execution-id", report.testPlanExecutionId());
    output("result", report.result().output());
    output("passed", String.valueOf(counts.passed()));
    output("failed", String.valueOf(counts.failed()));
    output("errored", String.valueOf(counts.errored()));
    output("bugs", String.valueOf(counts.bugs()));
    output("results-file", results == null ? "" : relative(results));
    output("junit-file", junit == null ? "" : relative(junit));
  }

  private void output(String name, String value) {
    try {
      workflow.setOutput(name, value == null ? "" : value);
    } catch (UncheckedIOException e) {
      workflow.warning("Output not written", "Could not write output " + name + ": " + e.getMessage());
    }
  }

  /** Paths inside the workspace are given relative to it: the runner mounts it elsewhere. */
  private String relative(Path path) {
    return path.startsWith(workspace) ? workspace.relativize(path).toString() : path.toString();
  }

  private void writeFile(Path file, String content) throws IOException {
    Files.writeString(file, workflow.scrubber().scrub(content), StandardCharsets.UTF_8);
  }

}
