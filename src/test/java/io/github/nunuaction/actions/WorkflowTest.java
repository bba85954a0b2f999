package io.github.nunuaction.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkflowTest {
  @TempDir Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  Workflow workflow(Map<String, String> env) {
    return new Workflow(
        GitHubContext.from(env),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  Map<String, String> actionsEnv() {
    var env = new HashMap<String, String>();
    env.put("GITHUB_ACTIONS", "true");
    env.put("GITHUB_OUTPUT", dir.resolve("output").toString());
    env.put("GITHUB_STEP_SUMMARY", dir.resolve("summary").toString());
    env.put("GITHUB_STATE", dir.resolve("state").toString());
    return env;
  }

  @Test
  void outputsAreHeredocsWithRandomDelimiters() throws Exception {
    Workflow workflow = workflow(actionsEnv());
    workflow.setOutput("result", "success");
    workflow.setOutput("report", "line 1\nname=injected\nghadelimiter_guess");

    String file = Files.readString(dir.resolve("output"));
    assertThat(file)
        .matches(
            "(?s)result<<(ghadelimiter_[0-9a-f-]{36})\nsuccess\n\\1\n"
                + "report<<(ghadelimiter_[0-9a-f-]{36})\nline 1 name=injected ghadelimiter_guess\n\\2\n");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void outsideActionsOutputsArePlainLines() {
    Workflow workflow = workflow(Map.of());
    workflow.setOutput("result", "success");
    workflow.setOutput("note", "two\nlines");
    workflow.error("message", "Title");
    assertThat(out.toString()).isEqualTo("result=success\nnote=two lines\n");
    assertThat(err.toString()).isEqualTo("Error: Title: message\n");
  }

  @Test
  void maskingComesFirstAndScrubsEverything() throws Exception {
    Workflow workflow = workflow(actionsEnv());
    workflow.mask("nunu_secret_key");
    workflow.info("key is nunu_secret_key");
    workflow.error(
        "see https://storage.example.com/b/part?X-Amz-Signature=abc123&x=1 for nunu_secret_key",
        "t");
    workflow.setOutput("o", "nunu_secret_key");
    workflow.appendSummary("| nunu_secret_key | https://r2.example.com/x?sig=1 |");

    assertThat(out.toString())
        .isEqualTo(
            "::add-mask::nunu_secret_key\nkey is ***\n"
                + "::error title=t::see https://storage.example.com/b/part?*** for ***\n");
    assertThat(Files.readString(dir.resolve("output")))
        .doesNotContain("nunu_secret_key")
        .contains("\n***\n");
    assertThat(Files.readString(dir.resolve("summary")))
        .isEqualTo("| *** | https://r2.example.com/x?*** |");
  }

  @Test
  void debugOnlyWhenTheRunnerAsks() {
    workflow(actionsEnv()).debug("hidden");
    var env = actionsEnv();
    env.put("RUNNER_DEBUG", "1");
    workflow(env).debug("50%\nshown");
    assertThat(out.toString()).isEqualTo("::debug::50%25%0Ashown\n");
  }

  @Test
  void groupsAndState() throws Exception {
    Workflow workflow = workflow(actionsEnv());
    String uploaded =
        workflow.group(
            "Upload game.apk",
            () -> {
              workflow.info("uploading");
              return "build-1";
            });
    workflow.saveState("job-ids", "[\"a\"]");
    assertThat(uploaded).isEqualTo("build-1");
    assertThat(out.toString()).isEqualTo("::group::Upload game.apk\nuploading\n::endgroup::\n");
    assertThat(Files.readString(dir.resolve("state")))
        .matches("(?s)job-ids<<(ghadelimiter_[0-9a-f-]{36})\n\\[\"a\"\\]\n\\1\n");
  }

  @Test
  void aGroupIsClosedWhenItsWorkFails() {
    Workflow workflow = workflow(actionsEnv());
    assertThatThrownBy(
            () ->
                workflow.group(
                    "Start",
                    () -> {
                      throw new IllegalStateException("refused");
                    }))
        .hasMessage("refused");
    assertThat(out.toString()).isEqualTo("::group::Start\n::endgroup::\n");
  }

  @Test
  void stateSavedByTheMainStepIsReadInThePostStep() {
    var env = actionsEnv();
    env.put("STATE_job-ids", "[\"a\"]");
    Workflow post = workflow(env);
    assertThat(post.state("job-ids")).isEqualTo("[\"a\"]");
    assertThat(post.state("finished")).as("like getState: empty when nothing was saved").isEmpty();
  }
}
