package io.github.nunuaction.nunu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nunuaction.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every documented answer shape, from every API generation, parses into the same models. */
class DocumentedShapesTest {
  static JsonNode example(String name) throws IOException {
    try (InputStream in = DocumentedShapesTest.class.getResourceAsStream("/api-examples/" + name)) {
      return Json.MAPPER.readTree(in);
    }
  }

  @Test
  void startRunInEveryGeneration() throws IOException {
    StartedRun current = StartedRun.from(example("start-run.json"));
    assertThat(current.jobIds()).containsExactly("cc6e3994-a714-4b6b-9879-0b3e53c0a3af");
    assertThat(current.buildId()).isEqualTo("f14fa698-ee3e-4a3d-935d-bdbeb874ad25");

    StartedRun envelope = StartedRun.from(example("start-run-legacy-v2-envelope.json"));
    assertThat(envelope.jobIds()).containsExactly("cc6e3994-a714-4b6b-9879-0b3e53c0a3af");
    assertThat(envelope.buildId()).isEqualTo("f14fa698-ee3e-4a3d-935d-bdbeb874ad25");

    StartedRun mvp = StartedRun.from(example("start-run-legacy-v1-mvp.json"));
    assertThat(mvp.jobIds()).containsExactly("550e8400-e29b-41d4-a716-446655440000");

    StartedRun ephemeral = StartedRun.from(example("start-run-ephemeral.json"));
    assertThat(ephemeral.testId()).isEqualTo("a1b2c3d4-e5f6-7890-abcd-ef1234567890");

    StartedRun plan = StartedRun.from(example("start-test-plan-run.json"));
    assertThat(plan.jobIds()).hasSize(2);
    assertThat(plan.testPlanExecutionId()).isEqualTo("abc12345-6789-def0-1234-56789abcdef0");
  }

  @Test
  void startRunWithoutAnyJobIsRefused() throws IOException {
    assertThatThrownBy(() -> StartedRun.from(example("start-run-404.json")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("names no job");
  }

  @Test
  void jobsWithAnyCasing() throws IOException {
    Job job = Job.from(example("get-job.json"));
    assertThat(job.completed()).isTrue();
    assertThat(job.runs())
        .singleElement()
        .satisfies(
            run -> {
              assertThat(run.runId()).isEqualTo("lkkg6t5612m");
              assertThat(run.result()).isEqualTo("SUCCESS");
            });

    Job older = Job.from(example("list-jobs-v1-older.json").get("data").get(0));
    assertThat(older.status()).isEqualTo("RUNNING");
    assertThat(older.runs().get(0).state()).isEqualTo("RUNNING");
    assertThat(older.runs().get(0).result()).isNull();
    assertThat(older.retriesUsed()).as("retries {total 2, remaining 1}").isEqualTo(1);
  }

  @Test
  void runDetailsCurrentAndMvp() throws IOException {
    RunDetails current = RunDetails.from(example("get-run.json"));
    assertThat(current.result()).isEqualTo("SUCCESS");
    assertThat(current.durationMs()).isEqualTo(240659.99);
    assertThat(current.players())
        .singleElement()
        .satisfies(
            player -> {
              assertThat(player.id()).isEqualTo("lkkg6t5612m-1");
              assertThat(player.platform()).isEqualTo("android-native");
              assertThat(player.device()).isEqualTo("Pixel 8 (14)");
              assertThat(player.steps())
                  .singleElement()
                  .satisfies(step -> assertThat(step.report()).startsWith("Successfully created"));
              assertThat(player.artifacts())
                  .extracting(RunDetails.Artifact::filename)
                  .containsExactly("recording.mp4", "logs.txt");
            });

    RunDetails mvp = RunDetails.from(example("get-run-v1-mvp.json"));
    assertThat(mvp.result()).isEqualTo("SUCCESS");
    assertThat(mvp.bugCount()).isZero();
    assertThat(mvp.players().get(0).platform()).isEqualTo("android");
    assertThat(mvp.players().get(0).device()).isEqualTo("Samsung Galaxy S24");
    assertThat(mvp.players().get(0).steps())
        .extracting(RunDetails.Step::result)
        .containsExactly("SUCCESS", "SUCCESS");
  }

  @Test
  void bugsInBothShapes() throws IOException {
    List<Bug> current = Bug.listFrom(example("list-bugs.json"));
    List<Bug> mvp = Bug.listFrom(example("list-bugs-v1-mvp.json"));
    assertThat(current)
        .singleElement()
        .satisfies(
            bug -> {
              assertThat(bug.title()).isEqualTo("Button not responding");
              assertThat(bug.severity()).isEqualTo("high");
              assertThat(bug.playerNumber()).isZero();
            });
    assertThat(mvp).isEqualTo(current);
  }

  @Test
  void stopRunsFullAndPartial() throws IOException {
    assertThat(StopResult.from(example("stop-runs.json"))).isEqualTo(new StopResult(2, List.of()));
    assertThat(StopResult.from(example("stop-runs-207.json")))
        .isEqualTo(
            new StopResult(
                1,
                List.of(
                    new StopResult.Failure(
                        "0a9f9c52-8917-4f47-bb72-b0093c200bed", "Job already completed"))));
  }

  @Test
  void uploadTickets() throws IOException {
    UploadTicket single = UploadTicket.from(example("initiate-upload-single.json"));
    assertThat(single.multipart()).isFalse();
    assertThat(single.uploadUrl()).isEqualTo("https://storage.example.com/...");
    UploadTicket multipart = UploadTicket.from(example("initiate-upload-multipart.json"));
    assertThat(multipart.multipart()).isTrue();
    assertThat(multipart.totalParts()).isEqualTo(52);
    assertThat(multipart.partSize()).isEqualTo(104857600);
    assertThatThrownBy(() -> UploadTicket.from(example("initiate-upload-402.json")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
