package io.github.nunuaction;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.nunuaction.testing.ActionHarness;
import io.github.nunuaction.testing.ActionHarness.Result;
import io.github.nunuaction.testing.Leaks;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of invalid input: exactly one {@code ::error::} that names the input and says what is
 * allowed, exit code 2, and not one request (the API is a WireMock that answers nothing).
 */
class BadInputTest {
  static final String KEY = "nunu_secret_input_key_9f8e7d";
  static final String UUID = "a5060a07-d386-4269-98ce-b33fb894201e";

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @TempDir Path workspace;

  /** A case: the inputs changed from a valid start (an ephemeral test), and the error expected. */
  record Case(String name, Map<String, String> inputs, String input, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case bad(String name, Map<String, String> inputs, String input, String message) {
    return new Case(name, inputs, input, message);
  }

  /** A cross-platform test with this {@code players} map, instead of the ephemeral test. */
  static Map<String, String> cross(String players) {
    return Map.of("instructions", "", "agent-config-id", "", "test-id", UUID, "players", players);
  }

  static Map<String, String> withAll(Map<String, String> inputs, String name, String value) {
    var all = new java.util.HashMap<>(inputs);
    all.put(name, value);
    return all;
  }

  /** Nine aliases of nine aliases of ...: a few lines that would expand to millions of values. */
  static String aliasBomb() {
    var yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for (char level = 'b'; level <= 'i'; level++) {
      char below = (char) (level - 1);
      yaml.append(level).append(": &").append(level).append(" [");
      yaml.append(String.join(", ", java.util.Collections.nCopies(9, "*" + below)));
      yaml.append("]\n");
    }
    return yaml.toString();
  }

  static Stream<Case> cases() {
    String tag51 = "t".repeat(51);
    return Stream.of(
        bad(
            "identity-key too long",
            Map.of("identity-key", "k".repeat(101)),
            "identity-key",
            "must be 1-100 printable characters on one line"),
        bad(
            "identity-key with a line break",
            Map.of("identity-key", "android\nnightly"),
            "identity-key",
            "with control characters"),
        bad(
            "job-check-run-id not a number",
            Map.of("job-check-run-id", "my-job"),
            "job-check-run-id",
            "must be a job's check run id (a number"),
        bad(
            "template-data: an alias bomb",
            Map.of("template-data", aliasBomb()),
            "template-data",
            "its aliases expand to more than 10000 values"),
        bad(
            "options: nested too deep",
            Map.of("options", "a: " + "[".repeat(40) + "]".repeat(40)),
            "options",
            "it nests deeper than 20 levels"),
        bad(
            "template-data: a map that holds itself",
            Map.of("template-data", "a: &a\n  b: *a"),
            "template-data",
            "it nests deeper than 20 levels"),
        bad(
            "template-data: huge",
            Map.of("template-data", "text: " + "x".repeat(70_000)),
            "template-data",
            "characters long; at most 65536"),
        bad(
            "template-data: an alias to nothing",
            Map.of("template-data", "hero: *missing"),
            "template-data",
            "found undefined alias missing"),
        bad(
            "template-data: a merge key of a text",
            Map.of("template-data", "<<: just text\nhero: Ada"),
            "template-data",
            "a merge key (<<) takes a map or a list of maps"),
        bad(
            "missing api-key",
            Map.of("api-key", ""),
            "api-key",
            "is required: pass your nunu API key from a secret"),
        bad(
            "api-key with a line break",
            Map.of("api-key", "nunu_abc\ndef"),
            "api-key",
            "contains spaces, line breaks or control characters"),
        bad(
            "nothing to do",
            Map.of("instructions", "", "agent-config-id", "", "deployment-config-id", ""),
            "build-file",
            "nothing to do: set build-file to upload a build"),
        bad(
            "test-id and test-plan-id",
            Map.of("instructions", "", "test-id", UUID, "test-plan-id", UUID),
            "test-id",
            "test-id, test-plan-id and instructions exclude each other"),
        bad(
            "test-id and instructions",
            Map.of("test-id", UUID),
            "test-id",
            "exclude each other: give exactly one of them"),
        bad(
            "build-file and build-id",
            Map.of("build-file", "game.apk", "build-id", UUID),
            "build-file",
            "build-file and build-id exclude each other"),
        bad(
            "build-file missing",
            Map.of("build-file", "missing.apk"),
            "build-file",
            "'missing.apk' does not exist"),
        bad(
            "build-file is a directory",
            Map.of("build-file", "builds"),
            "build-file",
            "is a directory; give a single file"),
        bad(
            "glob matching nothing",
            Map.of("build-file", "builds/*.ipa"),
            "build-file",
            "the glob 'builds/*.ipa' matches no file"),
        bad(
            "glob matching several",
            Map.of("build-file", "builds/*.apk"),
            "build-file",
            "must match exactly one file but matches 2: builds/a.apk, builds/b.apk"),
        bad(
            "unknown platform",
            Map.of("build-file", "game.apk", "build-platform", "switch"),
            "build-platform",
            "must be one of windows, macos, linux, android, ios-native, ios-simulator, xbox, playstation, got 'switch'"),
        bad(
            "platform not detectable",
            Map.of("build-file", "game.zip"),
            "build-platform",
            "is needed: the platform of 'game.zip' cannot be told from its extension"),
        bad(
            "unknown deletion policy",
            Map.of("build-file", "game.apk", "build-deletion-policy", "random"),
            "build-deletion-policy",
            "must be one of least_recent, oldest, got 'random'"),
        bad(
            "unknown fail-on",
            Map.of("fail-on", "sometimes"),
            "fail-on",
            "must be one of failure, error, new-failure, never, got 'sometimes'"),
        bad(
            "retries not a number",
            Map.of("instructions", "", "test-id", UUID, "retries", "two"),
            "retries",
            "must be a whole number from 0 to 10, got 'two'"),
        bad(
            "retries too many",
            Map.of("instructions", "", "test-id", UUID, "retries", "11"),
            "retries",
            "from 0 to 10, got '11'"),
        bad(
            "retries with a test plan",
            Map.of("instructions", "", "test-plan-id", UUID, "retries", "2"),
            "retries",
            "only applies to test-id"),
        bad(
            "instances zero",
            Map.of("instructions", "", "test-id", UUID, "instances", "0"),
            "instances",
            "from 1 to 10, got '0'"),
        bad(
            "instances with instructions",
            Map.of("instances", "3"),
            "instances",
            "only applies to test-id"),
        bad(
            "timeout zero",
            Map.of("timeout-minutes", "0"),
            "timeout-minutes",
            "from 1 to 4320, got '0'"),
        bad(
            "timeout not a number",
            Map.of("timeout-minutes", "1h"),
            "timeout-minutes",
            "must be a whole number from 1 to 4320, got '1h'"),
        bad(
            "poll interval too short",
            Map.of("poll-interval-seconds", "4"),
            "poll-interval-seconds",
            "from 5 to 600, got '4'"),
        bad(
            "poll interval too long",
            Map.of("poll-interval-seconds", "601"),
            "poll-interval-seconds",
            "from 5 to 600, got '601'"),
        bad(
            "parallelism too high",
            Map.of("build-file", "game.apk", "upload-parallelism", "33"),
            "upload-parallelism",
            "from 1 to 32, got '33'"),
        bad(
            "parallelism in words",
            Map.of("build-file", "game.apk", "upload-parallelism", "four"),
            "upload-parallelism",
            "must be a whole number from 1 to 32, got 'four'"),
        bad(
            "upload timeout too long",
            Map.of("build-file", "game.apk", "build-upload-timeout", "1441"),
            "build-upload-timeout",
            "from 1 to 1440, got '1441'"),
        bad(
            "template-data malformed",
            Map.of("template-data", "hero: [Ada"),
            "template-data",
            "must be a map, as YAML or JSON; it does not parse"),
        bad(
            "template-data an array",
            Map.of("template-data", "[1, 2]"),
            "template-data",
            "must be a map, as YAML (key: value, one per line) or JSON ({\"key\": \"value\"}),"
                + " got an array"),
        bad("options malformed", Map.of("options", "{\"a\": [}"), "options", "it does not parse"),
        bad("options a string", Map.of("options", "\"fast\""), "options", "got a string"),
        bad(
            "players: an unknown key",
            cross("2:\n  deployment-config-id: " + UUID + "\n  flavour: vanilla"),
            "players",
            "player 2: unknown key 'flavour'; a player takes deployment-config-id, build,"
                + " extra-builds"),
        bad(
            "players: no deployment config",
            cross("2:\n  build: game.apk"),
            "players",
            "player 2: deployment-config-id is required"),
        bad(
            "players: not a player number",
            cross("two:\n  deployment-config-id: " + UUID),
            "players",
            "keys are player numbers (1, 2, ...); got 'two'"),
        bad(
            "players: YAML that does not parse",
            cross("2: [deployment-config-id"),
            "players",
            "must be a map, as YAML or JSON; it does not parse"),
        bad(
            "players: a glob matching two files",
            cross("2:\n  deployment-config-id: " + UUID + "\n  build: builds/*.apk"),
            "players",
            "player-2: the glob 'builds/*.apk' must match exactly one file but matches 2"),
        bad(
            "players without test-id",
            Map.of("players", "2:\n  deployment-config-id: " + UUID),
            "players",
            "only applies to test-id (a cross-platform multiplayer test)"),
        bad(
            "players with all-devices",
            withAll(cross("2:\n  deployment-config-id: " + UUID), "all-devices", "true"),
            "all-devices",
            "cannot be combined with players (nunu refuses it)"),
        bad(
            "players: a partial map without a default config",
            withAll(cross("2:\n  deployment-config-id: " + UUID), "deployment-config-id", ""),
            "players",
            "without deployment-config-id, players must give every player a deployment config,"
                + " from 1 on: player 1 is missing"),
        bad(
            "extra-builds: app number 4",
            Map.of("extra-builds", "4: " + UUID),
            "extra-builds",
            "keys are extra app numbers, 1, 2 or 3"),
        bad(
            "extra-builds: a file of no known platform",
            Map.of("extra-builds", "1: game.zip"),
            "extra-builds",
            "extra-1: the platform of 'game.zip' cannot be told from its extension"),
        bad(
            "extra-builds without a run",
            Map.of(
                "instructions",
                "",
                "agent-config-id",
                "",
                "deployment-config-id",
                "",
                "build-file",
                "game.apk",
                "extra-builds",
                "1: " + UUID),
            "extra-builds",
            "only applies when a run is started"),
        bad(
            "build tag too long",
            Map.of("build-file", "game.apk", "build-tags", "ok," + tag51),
            "build-tags",
            "each tag must be 1-50 characters"),
        bad(
            "http to a remote host",
            Map.of("api-url", "http://nunu.example.com/api/v1"),
            "api-url",
            "must use https (http is allowed only for localhost"),
        bad("api-url not a URL", Map.of("api-url", "nunu dot ai"), "api-url", "is not a valid URL"),
        bad(
            "artifacts-url with a query",
            Map.of("artifacts-url", "https://bouncer.nunu.ai?token=1"),
            "artifacts-url",
            "must be a plain base URL without query"),
        bad(
            "test-id not a UUID",
            Map.of("instructions", "", "test-id", "smoke-test"),
            "test-id",
            "must be a UUID like 123e4567"),
        bad(
            "deployment config missing",
            Map.of("deployment-config-id", ""),
            "deployment-config-id",
            "is required when a run is started"),
        bad(
            "deployment config not a UUID",
            Map.of("deployment-config-id", "android-prod"),
            "deployment-config-id",
            "must be a UUID"),
        bad("build-id not a UUID", Map.of("build-id", "latest"), "build-id", "must be a UUID"),
        bad(
            "run-name without instructions",
            Map.of("instructions", "", "test-id", UUID, "run-name", "x"),
            "run-name",
            "only applies to instructions"),
        bad(
            "wait not a boolean",
            Map.of("wait", "later"),
            "wait",
            "must be true or false, got 'later'"),
        bad(
            "fail-on-timeout yes",
            Map.of("fail-on-timeout", "yes"),
            "fail-on-timeout",
            "must be true or false, got 'yes'"),
        bad(
            "project-id with a slash",
            Map.of("project-id", "studio/game"),
            "project-id",
            "must be 1-100 letters, digits"),
        bad(
            "download-artifacts bad glob",
            Map.of("download-artifacts", "logs/[a"),
            "download-artifacts",
            "must be none, logs, all, or a glob over artifact file names"),
        bad(
            "description too long",
            Map.of("build-file", "game.apk", "build-description", "d".repeat(1001)),
            "build-description",
            "at most 1000 characters, got 1001"),
        bad(
            "results-dir is a file",
            Map.of("results-dir", "game.apk"),
            "results-dir",
            "is a file; give a folder"),
        bad(
            "agent config with spaces",
            Map.of("agent-config-id", "my agent"),
            "agent-config-id",
            "must be an agent config id: a UUID or a name like ac_default"),
        bad(
            "run options without a run",
            Map.of(
                "instructions",
                "",
                "agent-config-id",
                "",
                "deployment-config-id",
                "",
                "build-file",
                "game.apk",
                "tags",
                "x"),
            "tags",
            "only applies when a run is started"),
        bad(
            "retry-failed out of range",
            Map.of("retry-failed", "4"),
            "retry-failed",
            "must be a whole number from 0 to 3, got '4'"),
        bad(
            "retry-failed with all-devices",
            Map.of(
                "instructions",
                "",
                "agent-config-id",
                "",
                "test-id",
                UUID,
                "all-devices",
                "true",
                "retry-failed",
                "1"),
            "retry-failed",
            "cannot be combined with all-devices"),
        bad(
            "fail-on-flaky not a boolean",
            Map.of("fail-on-flaky", "sometimes"),
            "fail-on-flaky",
            "must be true or false, got 'sometimes'"),
        bad(
            "job-summary unknown",
            Map.of("job-summary", "on-success"),
            "job-summary",
            "must be one of true, on-failure, false, got 'on-success'"),
        bad(
            "quarantine file missing",
            Map.of("quarantine", "missing.yml"),
            "quarantine",
            "names 'missing.yml', which is not a file in the workspace"),
        bad(
            "quarantine file outside the workspace",
            Map.of("quarantine", "q-link.yml"),
            "quarantine",
            "outside the workspace"),
        bad(
            "quarantine file not YAML",
            Map.of("quarantine", "q-not-yaml.yml"),
            "quarantine",
            "'q-not-yaml.yml' is not YAML the action reads"),
        bad(
            "quarantine file without a tests list",
            Map.of("quarantine", "q-list.yml"),
            "quarantine",
            "'q-list.yml' must be a YAML map with a list under 'tests'"),
        bad(
            "quarantine entry without until",
            Map.of("quarantine", "q-no-until.yml"),
            "quarantine",
            "'q-no-until.yml', entry 2 (test \"Shop opens\"): lacks until"),
        bad(
            "quarantine entry with a date that does not parse",
            Map.of("quarantine", "q-bad-date.yml"),
            "quarantine",
            "'q-bad-date.yml', entry 1 (test \"Shop opens\"): until 'next friday' is not a date"),
        bad(
            "input that tries to inject a command",
            Map.of("fail-on", "x\n::set-output name=result::success"),
            "fail-on",
            "must be one of failure, error, new-failure, never, got 'x"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void oneErrorNamingTheInputExit2AndNoRequest(Case bad) throws Exception {
    Files.createDirectories(workspace.resolve("builds"));
    Files.writeString(workspace.resolve("builds/a.apk"), "a");
    Files.writeString(workspace.resolve("builds/b.apk"), "b");
    Files.writeString(workspace.resolve("game.apk"), "game");
    Files.writeString(workspace.resolve("game.zip"), "zip");
    Files.createSymbolicLink(workspace.resolve("q-link.yml"), Path.of("/etc/passwd"));
    Files.writeString(workspace.resolve("q-not-yaml.yml"), "tests: [unclosed\n");
    Files.writeString(workspace.resolve("q-list.yml"), "- test: Shop opens\n");
    Files.writeString(
        workspace.resolve("q-no-until.yml"),
        "tests:\n  - {test: Settings, reason: r, until: 2026-02-01}\n"
            + "  - {test: Shop opens, reason: ads}\n");
    Files.writeString(
        workspace.resolve("q-bad-date.yml"),
        "tests:\n  - {test: Shop opens, reason: ads, until: next friday}\n");
    var action =
        new ActionHarness(
                workspace, URI.create(wm.baseUrl() + "/api/v1"), URI.create(wm.baseUrl()), KEY)
            .input("instructions", "Play the tutorial")
            .input("agent-config-id", "8f3c2a1b-4d5e-4f60-8a7b-9c0d1e2f3a4b")
            .input("deployment-config-id", "456e7890-e89b-12d3-a456-426614174000");
    bad.inputs().forEach(action::input);

    Result result = action.run();

    assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCode.INVALID_INPUT.code());
    List<String> errors =
        result.stdout().lines().filter(line -> line.startsWith("::error")).toList();
    assertThat(errors)
        .as(result.all())
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error)
                  .startsWith(
                      "::error title=Invalid input%3A "
                          + bad.input()
                          + "::Input '"
                          + bad.input()
                          + "' ");
              assertThat(unescape(error)).contains(bad.message());
            });
    assertThat(result.stdout().lines().filter(line -> line.startsWith("::")))
        .as("no other workflow command")
        .allMatch(line -> line.startsWith("::add-mask::") || line.startsWith("::error"));
    assertThat(wm.getAllServeEvents()).as("requests").isEmpty();
    assertThat(result.outputFile()).as("no outputs for a step that did nothing").isEmpty();
    Leaks.assertNone(result, KEY, List.of());
  }

  static String unescape(String command) {
    return command
        .replace("%0A", "\n")
        .replace("%0D", "\r")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%");
  }
}
