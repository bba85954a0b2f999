package io.github.nunuaction.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nunuaction.Main;
import io.github.nunuaction.core.Cancellation;
import io.github.nunuaction.core.Clock;
import io.github.nunuaction.http.Timeouts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the action in-process the way the runner runs the container: every input of action.yml as
 * {@code INPUT_<NAME>} (upper-cased, hyphens kept) with its default, the file commands as real
 * files in a temporary workspace, and a virtual clock so that polling takes no real time.
 */
public final class ActionHarness {
  private static final Pattern HEREDOC =
      Pattern.compile(
          "([A-Za-z0-9_-]+)<<(ghadelimiter_[0-9a-f-]{36})\\n(.*?)\\n\\2\\n", Pattern.DOTALL);

  private final Path workspace;
  private final Map<String, String> env = new LinkedHashMap<>();
  private final Clock clock;
  private Cancellation cancellation = Cancellation.none();
  private Timeouts timeouts = Timeouts.DEFAULT;

  public ActionHarness(Path workspace, URI apiUrl, URI artifactsUrl, String apiKey) {
    this(workspace, apiUrl, artifactsUrl, apiKey, new VirtualClock());
  }

  public ActionHarness(Path workspace, URI apiUrl, URI artifactsUrl, String apiKey, Clock clock) {
    this.workspace = workspace;
    this.clock = clock;
    ActionYml.inputs().forEach(this::input);
    input("api-key", apiKey);
    input("api-url", apiUrl.toString());
    input("artifacts-url", artifactsUrl.toString());
    env.put("GITHUB_ACTIONS", "true");
    env.put("GITHUB_WORKSPACE", workspace.toString());
    env.put("GITHUB_REPOSITORY", "studio/game");
    env.put("GITHUB_RUN_NUMBER", "42");
    env.put("GITHUB_RUN_ID", "9000001");
    env.put("GITHUB_RUN_ATTEMPT", "1");
    env.put("GITHUB_WORKFLOW", "PR checks");
    env.put("GITHUB_JOB", "nunu");
    env.put("GITHUB_EVENT_NAME", "push");
    env.put("GITHUB_REF", "refs/heads/main");
    env.put("GITHUB_SHA", "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0");
    env.put("GITHUB_SERVER_URL", "https://github.com");
    env.put("GITHUB_OUTPUT", workspace.resolve(".runner/output").toString());
    env.put("GITHUB_STEP_SUMMARY", workspace.resolve(".runner/summary").toString());
    env.put("GITHUB_STATE", workspace.resolve(".runner/state").toString());
    try {
      Files.createDirectories(workspace.resolve(".runner"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public ActionHarness input(String name, String value) {
    env.put("INPUT_" + name.toUpperCase(Locale.ROOT), value);
    return this;
  }

  public ActionHarness env(String name, String value) {
    if (value == null) {
      env.remove(name);
    } else {
      env.put(name, value);
    }
    return this;
  }

  /**
   * A push to pull request {@code number} from {@code feature/x} into {@code base}, as the runner
   * describes it: the event name, the merge ref and the event payload.
   */
  public ActionHarness onPullRequest(long number, String base, String headSha) {
    Path event = workspace.resolve(".runner/event.json");
    try {
      Files.writeString(
          event,
          """
          {"pull_request": {"number": %d, "head": {"sha": "%s", "ref": "feature/x"},
                            "base": {"ref": "%s"}}, "repository": {"default_branch": "main"}}"""
              .formatted(number, headSha, base));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return env("GITHUB_EVENT_NAME", "pull_request")
        .env("GITHUB_EVENT_PATH", event.toString())
        .env("GITHUB_REF", "refs/pull/" + number + "/merge")
        .env("GITHUB_HEAD_REF", "feature/x")
        .env("GITHUB_BASE_REF", base);
  }

  public ActionHarness cancellation(Cancellation cancellation) {
    this.cancellation = cancellation;
    return this;
  }

  /** Shorter timeouts, so that a test can see them run out. */
  public ActionHarness timeouts(Timeouts shorter) {
    this.timeouts = shorter;
    return this;
  }

  public Map<String, String> environment() {
    return Map.copyOf(env);
  }

  public Path file(String relative, byte[] content) {
    Path file = workspace.resolve(relative);
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  public Result run() {
    return invoke(false);
  }

  /** The post step, with the state the main step saved (the runner passes it as STATE_*). */
  public Result runPost(Map<String, String> state) {
    state.forEach((name, value) -> env.put("STATE_" + name, value));
    return invoke(true);
  }

  private Result invoke(boolean post) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    var stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
    var stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
    int code =
        Main.run(
            post ? List.of("post") : List.of(),
            Map.copyOf(env),
            stdout,
            stderr,
            cancellation,
            clock,
            timeouts);
    return new Result(
        code,
        out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8),
        read(env.get("GITHUB_OUTPUT")),
        read(env.get("GITHUB_STEP_SUMMARY")),
        read(env.get("GITHUB_STATE")),
        workspace);
  }

  private static String read(String path) {
    try {
      Path file = path == null ? null : Path.of(path);
      return file != null && Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What one invocation produced. */
  public record Result(
      int exitCode,
      String stdout,
      String stderr,
      String outputFile,
      String summary,
      String stateFile,
      Path workspace) {
    /**
     * The outputs, parsed strictly: the file must consist of well-formed heredocs and nothing else.
     */
    public Map<String, String> outputs() {
      return heredocs(outputFile);
    }

    public Map<String, String> state() {
      return heredocs(stateFile);
    }

    private static Map<String, String> heredocs(String text) {
      var values = new LinkedHashMap<String, String>();
      Matcher matcher = HEREDOC.matcher(text);
      int end = 0;
      while (matcher.find()) {
        assertThat(matcher.start())
            .as("file commands are nothing but heredocs:\n%s", text)
            .isEqualTo(end);
        values.put(matcher.group(1), matcher.group(3));
        end = matcher.end();
      }
      assertThat(end)
          .as("file commands end with a complete heredoc:\n%s", text)
          .isEqualTo(text.length());
      return values;
    }

    public String resultsFile(String name) {
      try {
        return Files.readString(workspace.resolve("nunu-results").resolve(name));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public String all() {
      return stdout + "\n" + stderr;
    }
  }
}
