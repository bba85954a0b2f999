package io.github.nunuaction.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nunuaction.actions.GitHubContext;
import io.github.nunuaction.config.Inputs.FileToUpload;
import io.github.nunuaction.config.Inputs.InstructionsTarget;
import io.github.nunuaction.config.Inputs.TestTarget;
import io.github.nunuaction.testing.ActionYml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputParserTest {
  static final String UUID_A = "a5060a07-d386-4269-98ce-b33fb894201e";
  static final String UUID_B = "456e7890-e89b-12d3-a456-426614174000";
  @TempDir Path workspace;

  Map<String, String> env(String... pairs) {
    var env = new HashMap<String, String>();
    env.put("GITHUB_WORKSPACE", workspace.toString());
    for (int i = 0; i < pairs.length; i += 2) {
      env.put("INPUT_" + pairs[i].toUpperCase(), pairs[i + 1]);
    }
    return env;
  }

  static InputParser.Parsed parse(Map<String, String> env) {
    return InputParser.parse(env, GitHubContext.from(env));
  }

  @Test
  void readsHyphenatedNamesAndAppliesDefaults() throws Exception {
    Files.writeString(workspace.resolve("Game.APK"), "x");
    var result =
        parse(
            env(
                "api-key",
                " nunu_key ",
                "build-file",
                "Game.APK",
                "test-id",
                UUID_A,
                "deployment-config-id",
                UUID_B,
                "tags",
                "a, b\nc,",
                "wait",
                "TRUE",
                "template-data",
                "{\"n\": 1}"));

    assertThat(result.problems()).isEmpty();
    Inputs inputs = result.inputs();
    assertThat(inputs.api().apiKey()).isEqualTo("nunu_key");
    assertThat(inputs.api().apiUrl()).hasToString("https://nunu.ai/api/v1");
    assertThat(inputs.api().toString()).doesNotContain("nunu_key");
    assertThat(inputs.build())
        .isInstanceOfSatisfying(
            FileToUpload.class,
            upload -> {
              assertThat(upload.platform()).isEqualTo(Inputs.Platform.ANDROID);
              assertThat(upload.parallelism()).isEqualTo(16);
              assertThat(upload.name()).isEqualTo("Game.APK");
            });
    assertThat(inputs.run().target()).isEqualTo(new TestTarget(UUID_A, 0, 1));
    assertThat(inputs.run().tags()).containsExactly("a", "b", "c");
    assertThat(inputs.run().templateData().get("n").asInt()).isEqualTo(1);
    assertThat(inputs.waiting().timeout()).isEqualTo(Duration.ofMinutes(60));
    assertThat(inputs.waiting().pollInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(inputs.reporting().resultsDir()).isEqualTo(workspace.resolve("nunu-results"));
  }

  /** The defaults live in action.yml and in the parser; this keeps the two the same. */
  @Test
  void theDefaultsOfActionYmlAreTheParsersOwn() throws Exception {
    Files.writeString(workspace.resolve("game.apk"), "x");
    var bare =
        env(
            "api-key",
            "k",
            "build-file",
            "game.apk",
            "test-id",
            UUID_A,
            "deployment-config-id",
            UUID_B,
            // The runner always passes the workflow's token and the job's check run (where it
            // has one); the parser has no default for either.
            "github-token",
            ActionYml.RUNNER_TOKEN,
            "job-check-run-id",
            ActionYml.CHECK_RUN_ID);
    var withDefaults = new HashMap<>(bare);
    ActionYml.inputs()
        .forEach(
            (name, value) ->
                withDefaults.putIfAbsent("INPUT_" + name.toUpperCase(Locale.ROOT), value));
    assertThat(withDefaults)
        .as("action.yml declares defaults")
        .hasSizeGreaterThan(bare.size() + 20);

    InputParser.Parsed fromDefaults = parse(withDefaults);

    assertThat(fromDefaults.problems()).isEmpty();
    assertThat(fromDefaults.inputs()).isEqualTo(parse(bare).inputs());
  }

  @Test
  void apiKeyFallsBackToTheEnvironment() {
    var env =
        env("instructions", "play", "agent-config-id", UUID_A, "deployment-config-id", UUID_B);
    env.put("NUNU_API_KEY", "nunu_from_env");
    var result = parse(env);
    assertThat(result.problems()).isEmpty();
    assertThat(result.inputs().api().apiKey()).isEqualTo("nunu_from_env");
    assertThat(result.inputs().run().target()).isEqualTo(new InstructionsTarget("play", null));
  }

  @Test
  void collectsEveryProblemAtOnce() {
    var result =
        parse(
            env(
                "test-id",
                "not-a-uuid",
                "retries",
                "11",
                "poll-interval-seconds",
                "1",
                "fail-on",
                "sometimes",
                "api-url",
                "http://nunu.example.com/api/v1"));
    assertThat(result.inputs()).isNull();
    assertThat(result.problems())
        .extracting(InputParser.Problem::input)
        .containsExactlyInAnyOrder(
            "api-key",
            "api-url",
            "retries",
            "deployment-config-id",
            "test-id",
            "poll-interval-seconds",
            "fail-on");
  }

  @Test
  void loopbackMayUseHttp() {
    for (String url :
        List.of(
            "http://localhost:8080/api/v1", "http://127.0.0.1/api/v1", "http://[::1]:9/api/v1")) {
      var result =
          parse(
              env(
                  "api-key",
                  "k",
                  "instructions",
                  "x",
                  "agent-config-id",
                  UUID_A,
                  "deployment-config-id",
                  UUID_B,
                  "api-url",
                  url));
      assertThat(result.problems()).as(url).isEmpty();
    }
  }
}
