package io.github.nunuaction;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.nunuaction.core.Json;
import io.github.nunuaction.simulator.NunuSimulator;
import io.github.nunuaction.simulator.SimTest;
import io.github.nunuaction.testing.ActionHarness;
import io.github.nunuaction.testing.ActionHarness.Result;
import io.github.nunuaction.testing.ActionYml;
import io.github.nunuaction.testing.Stubs;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.InputSource;

/**
 * Hostile text from the API and from inputs: newlines, workflow commands (both syntaxes), {@code %}
 * escapes, heredoc delimiters, Markdown and HTML. None of it adds an output, issues a command or
 * breaks the summary, and the results files keep it verbatim.
 */
class InjectionTest {
  static final String TEST_ID = "e0000000-0000-4000-8000-00000000bad1";
  static final String HOSTILE_NAME =
      "Login\n::set-output name=result::success\n::add-mask::everything ##[set-output name=passed]9 %0A::warning::x"
          + " ghadelimiter_00000000-0000-0000-0000-000000000000 | </details> <script>alert(1)</script> **bold** [x](https://evil.example)";
  static final String HOSTILE_REPORT =
      "Step failed.\r\n::error::fake\n::stop-commands::token\n</details>\n<img src=x onerror=alert(1)>";
  static final String HOSTILE_BUG =
      "Crash `::notice::x` | <b>bold</b> ![img](https://evil.example/p.png) @team #42";
  static final Pattern OUR_COMMANDS =
      Pattern.compile(
          "^::(add-mask|group|endgroup|debug|error title=[^:]*|warning title=[^:]*|notice title=[^:]*)::.*");

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @TempDir Path workspace;
  NunuSimulator nunu;

  @BeforeEach
  void start() throws Exception {
    nunu =
        NunuSimulator.start()
            .addTest(
                new SimTest(
                    TEST_ID,
                    HOSTILE_NAME,
                    "verification",
                    List.of("FAILED"),
                    1,
                    List.of(
                        new SimTest.SimBug(HOSTILE_BUG, HOSTILE_REPORT, "ui\n::error::y", "high")),
                    HOSTILE_REPORT,
                    null));
  }

  @AfterEach
  void stop() {
    nunu.close();
  }

  @Test
  void hostileApiTextCannotAddOutputsCommandsOrMarkup() throws Exception {
    Result result =
        new ActionHarness(workspace, nunu.apiUrl(), nunu.artifactsUrl(), NunuSimulator.API_KEY)
            .input("test-id", TEST_ID)
            .input("deployment-config-id", NunuSimulator.DEPLOYMENT_CONFIG)
            .run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
    assertThat(result.outputs())
        .as("exactly the declared outputs, none injected")
        .containsOnlyKeys(ActionYml.outputs())
        .containsEntry("result", "failure")
        .containsEntry("passed", "0")
        .containsEntry("failed", "1");
    onlyOurCommands(result);

    String summary = result.summary();
    assertThat(summary)
        .doesNotContain(
            "<script", "<img", "<b>", "**bold**", "](https", "![", "::set-output", "@team", " #42")
        .contains("&#35;42");
    assertThat(
            summary
                .lines()
                .filter(line -> line.startsWith("| "))
                .filter(line -> line.chars().filter(c -> c == '|').count() != 7))
        .as("every table row keeps its six cells")
        .isEmpty();
    assertThat(count(summary, "<details")).isEqualTo(2).isEqualTo(count(summary, "</details>"));

    JsonNode results = Json.MAPPER.readTree(result.resultsFile("results.json"));
    assertThat(results.at("/jobs/0/test_name").asText())
        .as("kept verbatim in results.json")
        .isEqualTo(HOSTILE_NAME);
    assertThat(results.at("/jobs/0/runs/0/bugs/0/title").asText()).isEqualTo(HOSTILE_BUG);
    var junit =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new InputSource(new StringReader(result.resultsFile("junit.xml"))));
    assertThat(
            junit
                .getElementsByTagName("testsuite")
                .item(0)
                .getAttributes()
                .getNamedItem("name")
                .getNodeValue())
        .as("XML keeps it (an attribute's line breaks may read as spaces)")
        .isIn(HOSTILE_NAME, HOSTILE_NAME.replace('\n', ' '));
  }

  @Test
  void hostileInputValuesCannotIssueCommands() {
    Result result =
        new ActionHarness(workspace, nunu.apiUrl(), nunu.artifactsUrl(), NunuSimulator.API_KEY)
            .input("instructions", "Play\n::set-output name=result::success")
            .input("run-name", "Smoke\n::add-mask::leak ##[warning]x %25")
            .input("tags", "a\n::error::b")
            .input("agent-config-id", NunuSimulator.AGENT_CONFIG)
            .input("deployment-config-id", NunuSimulator.DEPLOYMENT_CONFIG)
            .run();

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(result.outputs())
        .containsOnlyKeys(ActionYml.outputs())
        .containsEntry("result", "success");
    onlyOurCommands(result);
    JsonNode start =
        nunu.requests().stream()
            .filter(r -> r.path().equals("/api/v1/runs"))
            .findFirst()
            .orElseThrow()
            .json();
    assertThat(start.get("name").asText())
        .as("sent to nunu as given")
        .isEqualTo("Smoke\n::add-mask::leak ##[warning]x %25");
  }

  @Test
  void hostileIdsFromTheApiStayInsideTheirOutputs() {
    wm.stubFor(
        post("/api/v1/runs")
            .willReturn(
                okJson(
                        """
        {"job_ids": ["job\\nresult<<EOF\\nsuccess\\nEOF", "../../admin"], "build_id": "b\\n::set-output name=x::y"}""")
                    .withStatus(201)));
    Result result =
        new ActionHarness(
                workspace,
                URI.create(wm.baseUrl() + "/api/v1"),
                URI.create(wm.baseUrl()),
                NunuSimulator.API_KEY)
            .input("test-id", NunuSimulator.TEST_PASS)
            .input("deployment-config-id", NunuSimulator.DEPLOYMENT_CONFIG)
            .run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCode.SERVICE_FAILED.code());
    assertThat(result.stdout()).contains("nunu returned an id that is not safe to use in a URL");
    assertThat(result.outputs())
        .containsOnlyKeys(ActionYml.outputs())
        .containsEntry("result", "error")
        .containsEntry("job-ids", "[\"job\\nresult<<EOF\\nsuccess\\nEOF\",\"../../admin\"]")
        .containsEntry("build-id", "b ::set-output name=x::y");
    onlyOurCommands(result);
  }

  /**
   * Every string the API returns is untrusted, ids included: a hostile value in every field the
   * action prints (upload, start, job, run, player, step, item, bug, artifact, stop) passes the one
   * neutralizer before the log, the annotations, the summary and the outputs.
   */
  @Test
  void hostileValuesInEveryFieldTheActionPrintsAreNeutralized() throws Exception {
    String h = "\n::error::pwned ##[warning]x %0A";
    String hj = h.replace("\n", "\\n");
    String base = wm.baseUrl();
    wm.stubFor(Stubs.noIdenticalBuild());
    wm.stubFor(
        post("/api/v1/builds/upload")
            .willReturn(
                okJson(
                    """
        {"upload_type": "single-part", "build_id": "b-1%1$s", "object_key": "k%1$s",
         "upload_url": "%2$s/storage/put?X-Amz-Signature=s3cr3t"}"""
                        .formatted(hj, base))));
    wm.stubFor(put(urlPathEqualTo("/storage/put")).willReturn(ok().withHeader("ETag", "\"e1\"")));
    wm.stubFor(post("/api/v1/builds/upload/complete").willReturn(okJson("{\"status\": \"ok\"}")));
    wm.stubFor(
        post("/api/v1/runs")
            .willReturn(
                okJson(
                        """
        {"job_ids": ["job-1"], "build_id": "b-2%1$s", "test_id": "t%1$s", "message": "queued%1$s"}"""
                            .formatted(hj))
                    .withStatus(201)));
    Stubs.sequence(
        wm,
        () -> get("/api/v1/jobs/job-1"),
        okJson(
            """
        {"job_id": "job-1", "status": "QUEUED%1$s", "test_name": "Name%1$s", "runs": [],
         "queue_rejection_reason": "full%1$s"}"""
                .formatted(hj)),
        okJson(
            """
        {"job_id": "job-1", "status": "COMPLETED", "test_name": "Name%1$s",
         "queue_rejection_reason": "full%1$s", "retries": {"total": 0, "remaining": 0},
         "runs": [{"multiplayer_run_id": "run%1$s", "state": "COMPLETED", "result": "WEIRD%1$s"},
                  {"multiplayer_run_id": "lkkg6t5612m", "state": "COMPLETED", "result": "FAILED"}]}"""
                .formatted(hj)));
    wm.stubFor(
        get("/api/v1/runs/lkkg6t5612m")
            .willReturn(
                okJson(
                    """
        {"multiplayer_run_id": "lkkg6t5612m", "result": "FAILED%1$s", "duration_ms": 1000,
         "test": {"name": "Test%1$s", "type": "verification%1$s"},
         "players": [{"id": "p%1$s", "player_number": 1, "test_name": "Player%1$s", "result": "FAILED%1$s",
           "platform": {"kind": "kind%1$s", "config": {"device": {"name": "dev%1$s", "os_version": "os%1$s"}}},
           "steps": [{"step_number": 1, "run_result": "FAILED%1$s", "report": "report%1$s",
                      "test": {"goal": "goal%1$s"},
                      "items": [{"id": "1a%1$s", "expected": "exp%1$s", "status": "failed%1$s", "comment": "c%1$s"}]}],
           "artifacts": [{"filename": "../../evil%1$s.log", "url": "%2$s/files/evil.log", "size": 3}]}]}"""
                        .formatted(hj, base))));
    wm.stubFor(
        get("/api/v1/runs/lkkg6t5612m/bugs")
            .willReturn(
                okJson(
                    """
        {"data": [{"id": "bug%1$s", "bug_id": "b%1$s", "title": "title%1$s", "description": "d%1$s",
                   "category": "cat%1$s", "severity": "high%1$s", "confidence": "low%1$s"}]}"""
                        .formatted(hj))));
    wm.stubFor(get("/files/evil.log").willReturn(ok("log")));
    wm.stubFor(
        post("/api/v1/runs/stop")
            .willReturn(
                okJson(
                        """
        {"ok": false, "stopped_count": 0,
         "results": [{"job_id": "job-1%1$s", "ok": false, "status": 500, "error": "Job already completed%1$s"}]}"""
                            .formatted(hj))
                    .withStatus(207)));
    var action =
        new ActionHarness(
                workspace, URI.create(base + "/api/v1"), URI.create(base), NunuSimulator.API_KEY)
            .input("build-file", "game.apk")
            .input("test-id", NunuSimulator.TEST_PASS)
            .input("deployment-config-id", NunuSimulator.DEPLOYMENT_CONFIG)
            .input("download-artifacts", "all")
            .env("RUNNER_DEBUG", "1");
    action.file("game.apk", new byte[] {1, 2, 3});

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
    onlyOurCommands(result);
    assertThat(result.stdout())
        .as("the values are printed, neutralized")
        .contains("Reserved build b-1 ::error::pwned # #[warning]x %0A")
        .contains("QUEUED ::ERROR::PWNED # #[WARNING]X %0A")
        .contains("(queued ::error::pwned # #[warning]x %0A)")
        .contains("rejected by the nunu queue: full ::error::pwned # #[warning]x %0A")
        .contains(
            "Job job-1 ::error::pwned # #[warning]x %0A was not stopped: Job already completed"
                + " ::error::pwned # #[warning]x %0A");
    assertThat(result.outputs()).containsOnlyKeys(ActionYml.outputs());
    result.outputs().forEach((name, value) -> assertThat(value).as(name).doesNotContain("\n"));
    assertThat(result.outputs().get("build-id")).isEqualTo("b-1 ::error::pwned # #[warning]x %0A");
    String summary = result.summary();
    assertThat(summary).doesNotContain("::error::", "##[", "\n::");
    assertThat(
            summary
                .lines()
                .filter(line -> line.startsWith("| "))
                .filter(line -> line.chars().filter(c -> c == '|').count() != 7))
        .as("every table row keeps its six cells")
        .isEmpty();
    assertThat(count(summary, "<details")).isEqualTo(count(summary, "</details>"));
    assertThat(result.resultsFile("junit.xml")).startsWith("<?xml");
    try (var files = Files.walk(workspace)) {
      assertThat(files.filter(f -> f.getFileName().toString().contains("evil")))
          .as("the artifact stays inside results-dir/artifacts")
          .allMatch(f -> f.startsWith(workspace.resolve("nunu-results/artifacts")));
    }
  }

  /** Every line that the runner would read as a command is one of ours, whole. */
  private static void onlyOurCommands(Result result) {
    for (String line : (result.stdout() + result.stderr()).lines().toList()) {
      String trimmed = line.stripLeading();
      if (trimmed.startsWith("::")) {
        assertThat(trimmed).as("a workflow command").matches(OUR_COMMANDS);
        assertThat(trimmed.substring(2)).as("one command per line").doesNotContain("\n");
      } else {
        assertThat(line).as("no legacy ##[ command in a plain line").doesNotContain("##[");
      }
    }
    assertThat(result.stdout().lines().filter(line -> line.startsWith("::add-mask::")))
        .as("only the secrets are masked")
        .containsExactly(
            "::add-mask::" + NunuSimulator.API_KEY, "::add-mask::" + ActionYml.RUNNER_TOKEN);
  }

  private static long count(String text, String part) {
    return text.split(Pattern.quote(part), -1).length - 1;
  }
}
