package io.github.nunuaction.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nunuaction.actions.Commands;
import io.github.nunuaction.actions.GitHubContext;
import io.github.nunuaction.config.Inputs.Api;
import io.github.nunuaction.config.Inputs.Build;
import io.github.nunuaction.config.Inputs.DeletionPolicy;
import io.github.nunuaction.config.Inputs.ExistingBuild;
import io.github.nunuaction.config.Inputs.FailOn;
import io.github.nunuaction.config.Inputs.FileToUpload;
import io.github.nunuaction.config.Inputs.InstructionsTarget;
import io.github.nunuaction.config.Inputs.Leg;
import io.github.nunuaction.config.Inputs.NoBuild;
import io.github.nunuaction.config.Inputs.PlanTarget;
import io.github.nunuaction.config.Inputs.Platform;
import io.github.nunuaction.config.Inputs.Player;
import io.github.nunuaction.config.Inputs.PrComment;
import io.github.nunuaction.config.Inputs.Reporting;
import io.github.nunuaction.config.Inputs.Rerun;
import io.github.nunuaction.config.Inputs.Run;
import io.github.nunuaction.config.Inputs.Supersede;
import io.github.nunuaction.config.Inputs.Target;
import io.github.nunuaction.config.Inputs.TestTarget;
import io.github.nunuaction.config.Inputs.Waiting;
import io.github.nunuaction.core.YamlMap;
import io.github.nunuaction.nunu.Severity;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the {@code INPUT_*} variables the runner sets (upper-cased names, hyphens kept, as in
 * {@code INPUT_API-KEY}) and checks all of them, collecting every problem rather than stopping at
 * the first, so that one failed run tells the user everything to fix.
 */
public final class InputParser {
  public static final String DEFAULT_API_URL = "https://nunu.ai/api/v1";
  public static final String DEFAULT_ARTIFACTS_URL = "https://bouncer.nunu.ai";
  public static final int MAX_TIMEOUT_MINUTES = 4320;

  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,100}");
  private static final Pattern REF = Pattern.compile("[A-Za-z0-9._/-]{1,200}");
  private static final Pattern LIST_SEPARATOR = Pattern.compile("[,\\n\\r]+");

  /** One invalid input: which one, and what is allowed. */
  public record Problem(String input, String message) {}

  /**
   * The parsed inputs, or (inputs null) the problems found; {@code notes} are worth saying before
   * anything is sent (a path outside the working directory, outside GitHub Actions).
   */
  public record Parsed(Inputs inputs, List<Problem> problems, List<String> notes) {
    public boolean valid() {
      return problems.isEmpty();
    }
  }

  private final Map<String, String> env;
  private final GitHubContext context;
  private final Path workspace;
  private final List<Problem> problems = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private UploadSettings settings;

  private InputParser(Map<String, String> env, GitHubContext context) {
    this.env = env;
    this.context = context;
    this.workspace = context.workspace();
  }

  public static Parsed parse(Map<String, String> env, GitHubContext context) {
    return new InputParser(env, context).parse();
  }

  /** Only the inputs that say how to reach nunu, for the post step's cleanup; null if invalid. */
  public static Api parseApi(Map<String, String> env, GitHubContext context) {
    var parser = new InputParser(env, context);
    Api api = parser.api();
    return parser.problems.isEmpty() ? api : null;
  }

  /** The secrets as given, before any validation, so that they can be masked first thing. */
  public static List<String> secrets(Map<String, String> env) {
    var secrets = new ArrayList<String>();
    secrets.add(rawApiKey(env));
    String token = env.get("INPUT_GITHUB-TOKEN");
    secrets.add(token == null ? null : token.strip());
    secrets.removeIf(secret -> secret == null || secret.isBlank());
    return secrets;
  }

  /** The API key as given, before any validation. */
  public static String rawApiKey(Map<String, String> env) {
    String key = env.get("INPUT_API-KEY");
    if (key == null || key.isBlank()) {
      key = env.get("NUNU_API_KEY");
    }
    return key == null ? null : key.strip();
  }

  private Parsed parse() {
    Api api = api();
    settings = uploadSettings();
    Run run = run();
    Build build = build(run != null);
    Waiting waiting = waiting();
    Reporting reporting = reporting();
    Leg leg = leg();
    if (!problems.isEmpty()) {
      return new Parsed(null, List.copyOf(problems), List.copyOf(notes));
    }
    return new Parsed(
        new Inputs(api, build, run, waiting, reporting, leg), List.of(), List.copyOf(notes));
  }

  /**
   * identity-key, matrix and job-check-run-id. A matrix that is not JSON is kept as text (it is
   * only hashed); outside a matrix GitHub gives {@code null} or nothing.
   */
  private Leg leg() {
    String key = text("identity-key");
    if (key != null && (key.length() > 100 || key.chars().anyMatch(Character::isISOControl))) {
      problem(
          "identity-key",
          "must be 1-100 printable characters on one line (it names this step's runs across"
              + " workflow runs), got "
              + key.length()
              + " characters"
              + (key.chars().anyMatch(Character::isISOControl) ? " with control characters" : ""));
      key = null;
    }
    String matrix = text("matrix");
    if (matrix != null && (matrix.equals("null") || matrix.equals("{}"))) {
      matrix = null;
    }
    String checkRun = text("job-check-run-id");
    if (checkRun != null && !checkRun.matches("[0-9]{1,20}")) {
      problem(
          "job-check-run-id",
          "must be a job's check run id (a number; leave the input at its default,"
              + " ${{ job.check_run_id }}), got '"
              + checkRun
              + "'");
      checkRun = null;
    }
    return new Leg(key, matrix, checkRun);
  }

  private Api api() {
    String key = rawApiKey(env);
    if (key == null) {
      problem(
          "api-key",
          "is required: pass your nunu API key from a secret, e.g. `api-key: ${{ secrets.NUNU_API_KEY }}` (outside GitHub Actions, NUNU_API_KEY also works)");
    } else if (key.chars().anyMatch(c -> c <= ' ' || c == 127)) {
      problem(
          "api-key",
          "contains spaces, line breaks or control characters; copy the key again from nunu (Project Admin, API Keys)");
    }
    String projectId = text("project-id");
    if (projectId != null && !TOKEN.matcher(projectId).matches()) {
      problem(
          "project-id",
          "must be 1-100 letters, digits, '-' or '_' (copy it from the project settings page), got '"
              + projectId
              + "'");
    }
    URI apiUrl = url("api-url", DEFAULT_API_URL);
    URI artifactsUrl = url("artifacts-url", DEFAULT_ARTIFACTS_URL);
    return new Api(key, projectId, apiUrl, artifactsUrl);
  }

  private Run run() {
    String testId = text("test-id");
    String testPlanId = text("test-plan-id");
    String instructions = text("instructions");
    long selectors =
        Arrays.asList(testId, testPlanId, instructions).stream().filter(v -> v != null).count();
    int retries = integer("retries", 0, 0, 10);
    int instances = integer("instances", 1, 1, 10);
    String runName = text("run-name");
    if (selectors > 1) {
      problem(
          "test-id",
          "test-id, test-plan-id and instructions exclude each other: give exactly one of them");
    }
    if (testId == null && retries != 0) {
      problem(
          "retries",
          "only applies to test-id (test plans set retries per test in nunu); remove it or use test-id");
    }
    if (testId == null && instances != 1) {
      problem("instances", "only applies to test-id; remove it or use test-id");
    }
    if (instructions == null && runName != null) {
      problem(
          "run-name",
          "only applies to instructions (an ephemeral test); remove it or set instructions");
    }
    String deploymentConfigId = uuid("deployment-config-id");
    // API.md 2.7 shows agent config ids like ac_default, not only UUIDs. Seed 001 makes it
    // optional for every variant; when nunu wants one after all, its refusal says to set it.
    String agentConfigId = text("agent-config-id");
    if (agentConfigId != null && !TOKEN.matcher(agentConfigId).matches()) {
      problem(
          "agent-config-id",
          "must be an agent config id: a UUID or a name like ac_default (1-100 letters, digits,"
              + " '-' or '_'; nunu, Project, Agent configs), got '"
              + agentConfigId
              + "'");
      agentConfigId = null;
    }
    List<String> tags = list("tags");
    JsonNode templateData = map("template-data");
    JsonNode options = map("options");
    boolean allDevices = bool("all-devices", false);
    Map<Integer, Build> extraBuilds = appBuilds("extra-builds", map("extra-builds"), "extra-");
    Map<Integer, Player> players = players(map("players"));
    if (selectors == 0) {
      for (String runOnly :
          List.of(
              "deployment-config-id",
              "agent-config-id",
              "tags",
              "template-data",
              "options",
              "extra-builds",
              "players")) {
        if (text(runOnly) != null) {
          problem(
              runOnly,
              "only applies when a run is started: set test-id, test-plan-id or instructions");
        }
      }
      return null;
    }
    if (allDevices && selectors == 0) {
      problem("all-devices", "only applies when a run is started: set test-id or test-plan-id");
    }
    boolean defaultConfig = text("deployment-config-id") != null;
    if (!defaultConfig && players.isEmpty()) {
      problem(
          "deployment-config-id",
          "is required when a run is started: the id of a deployment config (nunu, Project, Deployment configs)");
    }
    checkDeployments(testId, defaultConfig, extraBuilds, players, allDevices);
    if (testId != null) {
      checkUuid("test-id", testId);
    }
    if (testPlanId != null) {
      checkUuid("test-plan-id", testPlanId);
    }
    Target target =
        testId != null
            ? new TestTarget(testId, retries, instances)
            : testPlanId != null
                ? new PlanTarget(testPlanId)
                : new InstructionsTarget(instructions, runName);
    return new Run(
        target,
        deploymentConfigId,
        extraBuilds,
        players,
        allDevices,
        agentConfigId,
        tags,
        templateData,
        options,
        choice("supersede", Supersede.NONE, Supersede.values(), InputParser::lowerName),
        choice("rerun", Rerun.FAILED, Rerun.values(), InputParser::lowerName));
  }

  /**
   * The combinations nunu refuses with a 400 (API.md 2.2.1), refused here before anything is
   * uploaded or started.
   */
  private void checkDeployments(
      String testId,
      boolean defaultConfig,
      Map<Integer, Build> extraBuilds,
      Map<Integer, Player> players,
      boolean allDevices) {
    if (!extraBuilds.isEmpty() && !defaultConfig) {
      problem(
          "extra-builds",
          "are builds for the extra apps of deployment-config-id: set deployment-config-id (each"
              + " player's extra apps go under players)");
    }
    if (players.isEmpty()) {
      return;
    }
    if (testId == null) {
      problem(
          "players",
          "only applies to test-id (a cross-platform multiplayer test): remove it, or start a test");
    }
    if (allDevices) {
      problem(
          "all-devices",
          "cannot be combined with players (nunu refuses it): one run per device needs one"
              + " deployment config for everyone");
    }
    if (!defaultConfig) {
      int expected = 1;
      for (int player : players.keySet()) {
        if (player != expected) {
          problem(
              "players",
              "without deployment-config-id, players must give every player a deployment config,"
                  + " from 1 on: player "
                  + expected
                  + " is missing. Add it, or set deployment-config-id as the default for the"
                  + " players not listed");
          break;
        }
        expected++;
      }
      for (String mainBuild : List.of("build-file", "build-id")) {
        if (text(mainBuild) != null) {
          problem(
              mainBuild,
              "is the build of deployment-config-id, which is not set: give each player its build"
                  + " under players, or set deployment-config-id");
        }
      }
    }
  }

  /** The builds of extra apps 1-3, by number; each a build id or a file to upload. */
  private Map<Integer, Build> appBuilds(String input, JsonNode map, String rolePrefix) {
    var builds = new TreeMap<Integer, Build>();
    if (map == null) {
      return builds;
    }
    for (var entry : map.properties()) {
      Integer app = number(entry.getKey(), 3);
      if (app == null) {
        problem(
            input,
            "keys are extra app numbers, 1, 2 or 3 (as the deployment config numbers its extra"
                + " apps); got '"
                + Commands.oneLine(entry.getKey())
                + "'");
        continue;
      }
      Build build = buildNamed(input, entry.getValue(), rolePrefix + app);
      if (build != null) {
        builds.put(app, build);
      }
    }
    return builds;
  }

  /** A value naming a build: an uploaded build's id, or a file or glob in the workspace. */
  private Build buildNamed(String input, JsonNode value, String role) {
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      problem(
          input,
          role
              + ": give a file or glob in the workspace to upload, or the id of an uploaded build;"
              + " got "
              + (value == null ? "nothing" : Commands.oneLine(value.toString())));
      return null;
    }
    String text = value.asText().strip();
    return UUID.matcher(text).matches()
        ? new ExistingBuild(text)
        : fileToUpload(input, text, null, role);
  }

  private static final List<String> PLAYER_KEYS =
      List.of("deployment-config-id", "build", "extra-builds");

  /** The {@code players} map: a deployment config, and builds, per player number. */
  private Map<Integer, Player> players(JsonNode map) {
    var players = new TreeMap<Integer, Player>();
    if (map == null) {
      return players;
    }
    for (var entry : map.properties()) {
      Integer number = number(entry.getKey(), 100);
      if (number == null) {
        problem(
            "players",
            "keys are player numbers (1, 2, ...); got '" + Commands.oneLine(entry.getKey()) + "'");
        continue;
      }
      String label = "player " + number;
      JsonNode player = entry.getValue();
      if (!player.isObject()) {
        problem(
            "players",
            label
                + ": give a map with deployment-config-id, and optionally build and extra-builds");
        continue;
      }
      for (var key : player.properties()) {
        if (!PLAYER_KEYS.contains(key.getKey())) {
          problem(
              "players",
              label
                  + ": unknown key '"
                  + Commands.oneLine(key.getKey())
                  + "'; a player takes "
                  + String.join(", ", PLAYER_KEYS));
        }
      }
      JsonNode config = player.get("deployment-config-id");
      if (config == null || !config.isTextual()) {
        problem("players", label + ": deployment-config-id is required");
        continue;
      }
      if (!UUID.matcher(config.asText().strip()).matches()) {
        problem(
            "players",
            label
                + ": deployment-config-id must be a UUID like"
                + " 123e4567-e89b-12d3-a456-426614174000, got '"
                + Commands.oneLine(config.asText())
                + "'");
        continue;
      }
      Build build =
          player.has("build")
              ? buildNamed("players", player.get("build"), "player-" + number)
              : new NoBuild();
      JsonNode extras = player.get("extra-builds");
      if (extras != null && !extras.isObject()) {
        problem("players", label + ": extra-builds must be a map from app number to a build");
        continue;
      }
      players.put(
          number,
          new Player(
              config.asText().strip(),
              build == null ? new NoBuild() : build,
              appBuilds("players", extras, "player-" + number + "-extra-")));
    }
    return players;
  }

  /** A map key that is a number from 1 to {@code max}; null for anything else. */
  private static Integer number(String key, int max) {
    if (!key.matches("[1-9][0-9]{0,2}")) {
      return null;
    }
    int number = Integer.parseInt(key);
    return number <= max ? number : null;
  }

  /** The build-* inputs, which every file the step uploads shares. */
  private record UploadSettings(
      String name,
      String description,
      List<String> tags,
      boolean autoDelete,
      DeletionPolicy policy,
      Integer uploadTimeout,
      int parallelism,
      boolean reuse) {}

  private UploadSettings uploadSettings() {
    int parallelism = integer("upload-parallelism", 4, 1, 32);
    Integer uploadTimeout =
        text("build-upload-timeout") == null ? null : integer("build-upload-timeout", 0, 1, 1440);
    boolean autoDelete = bool("build-auto-delete", false);
    DeletionPolicy policy =
        choice(
            "build-deletion-policy",
            DeletionPolicy.LEAST_RECENT,
            DeletionPolicy.values(),
            DeletionPolicy::apiName);
    String description = text("build-description");
    if (description != null && description.length() > 1000) {
      problem("build-description", "must be at most 1000 characters, got " + description.length());
    }
    List<String> tags = list("build-tags");
    for (String tag : tags) {
      if (tag.length() > 50) {
        problem(
            "build-tags",
            "each tag must be 1-50 characters; '"
                + tag.substring(0, 50)
                + "…' has "
                + tag.length());
      }
    }
    String name = text("build-name");
    if (name != null && name.length() > 255) {
      problem("build-name", "must be at most 255 characters, got " + name.length());
    }
    return new UploadSettings(
        name,
        description,
        tags,
        autoDelete,
        policy,
        uploadTimeout,
        parallelism,
        bool("reuse-build", true));
  }

  private Build build(boolean runRequested) {
    String buildFile = text("build-file");
    String buildId = uuid("build-id");
    Platform platform = choice("build-platform", null, Platform.values(), Platform::apiName);
    if (buildFile != null && text("build-id") != null) {
      problem(
          "build-file",
          "build-file and build-id exclude each other: upload a file, or reuse an uploaded build");
      return new NoBuild();
    }
    if (buildFile == null) {
      if (!runRequested) {
        problem(
            "build-file",
            "nothing to do: set build-file to upload a build, and/or test-id, test-plan-id or instructions to start a run");
      }
      return buildId == null ? new NoBuild() : new ExistingBuild(buildId);
    }
    if (platform == null && text("build-platform") != null) {
      return new NoBuild(); // reported by choice()
    }
    Build file = fileToUpload("build-file", buildFile, platform, null);
    return file == null ? new NoBuild() : file;
  }

  /**
   * The file {@code pattern} names, to upload; null after reporting a problem with {@code input}.
   *
   * @param platform the platform, or null to tell it from the file's extension
   * @param role what the file is for ({@code player-2}), added to the default name; null for the
   *     main build
   */
  private FileToUpload fileToUpload(String input, String pattern, Platform platform, String role) {
    String about = role == null ? "" : role + ": ";
    Path file;
    try {
      file = BuildFiles.resolve(workspace, pattern);
    } catch (IllegalArgumentException e) {
      problem(input, about + e.getMessage());
      return null;
    }
    if (!insideWorkspace(input, file)) {
      return null;
    }
    if (BuildFiles.isEmpty(file)) {
      problem(
          input,
          about
              + "'"
              + pattern
              + "' is empty (0 bytes): the build step produced nothing to upload; check its output");
      return null;
    }
    if (platform == null) {
      platform = BuildFiles.platformOf(file).orElse(null);
      if (platform == null) {
        problem(
            role == null ? "build-platform" : input,
            role == null
                ? "is needed: the platform of '"
                    + file.getFileName()
                    + "' cannot be told from its extension; set it to one of "
                    + names(Platform.values(), Platform::apiName)
                : about
                    + "the platform of '"
                    + file.getFileName()
                    + "' cannot be told from its extension (.apk, .ipa, .exe, .msi, .dmg, .pkg,"
                    + " .deb, .rpm, .AppImage); upload it in a step of its own (build-file with"
                    + " build-platform) and give its build-id here");
        return null;
      }
    }
    String name = settings.name() != null ? settings.name() : defaultBuildName(file);
    if (role != null) {
      name = (name.length() > 240 ? name.substring(0, 240) : name) + " (" + role + ")";
    }
    return new FileToUpload(
        pattern,
        file,
        name,
        platform,
        settings.description(),
        settings.tags(),
        settings.autoDelete(),
        settings.policy(),
        settings.uploadTimeout(),
        settings.parallelism(),
        settings.reuse());
  }

  private String defaultBuildName(Path file) {
    String repository = context.repository();
    String runNumber = context.runNumber();
    String name =
        repository == null
            ? file.getFileName().toString()
            : repository + (runNumber == null ? "" : " #" + runNumber);
    return name.length() > 255 ? name.substring(0, 255) : name;
  }

  private Waiting waiting() {
    boolean wait = bool("wait", true);
    int timeout = integer("timeout-minutes", 60, 1, MAX_TIMEOUT_MINUTES);
    int poll = integer("poll-interval-seconds", 30, 5, 600);
    FailOn failOn = choice("fail-on", FailOn.FAILURE, FailOn.values(), InputParser::lowerName);
    boolean failOnTimeout = bool("fail-on-timeout", true);
    String bugs = text("fail-on-bugs");
    Severity failOnBugs = null;
    if (bugs != null && !bugs.equalsIgnoreCase("none")) {
      failOnBugs = Severity.of(bugs);
      if (failOnBugs == null) {
        problem(
            "fail-on-bugs", "must be one of none, low, medium, high, critical, got '" + bugs + "'");
      }
    }
    String baseline = text("baseline-branch");
    if (baseline != null && !REF.matcher(baseline).matches()) {
      problem(
          "baseline-branch",
          "must be a branch name like main or release/1.2, got '" + baseline + "'");
    }
    return new Waiting(
        wait,
        Duration.ofMinutes(timeout),
        Duration.ofSeconds(poll),
        failOn,
        failOnTimeout,
        failOnBugs,
        baseline);
  }

  private Reporting reporting() {
    String dir = text("results-dir");
    Path resultsDir = null;
    try {
      resultsDir = workspace.resolve(dir == null ? "nunu-results" : dir).normalize();
    } catch (InvalidPathException e) {
      problem("results-dir", "is not a valid path: " + e.getMessage());
    }
    if (resultsDir != null && Files.isRegularFile(resultsDir)) {
      problem("results-dir", "'" + dir + "' is a file; give a folder (default nunu-results)");
    } else if (resultsDir != null) {
      insideWorkspace("results-dir", resultsDir);
    }
    ArtifactSelection artifacts = ArtifactSelection.NONE;
    String download = text("download-artifacts");
    if (download != null) {
      try {
        artifacts = ArtifactSelection.parse(download);
      } catch (IllegalArgumentException e) {
        problem(
            "download-artifacts",
            "must be none, logs, all, or a glob over artifact file names; '"
                + download
                + "' is not a valid glob");
      }
    }
    boolean onlyFailed =
        choice(
                "download-artifacts-when",
                DownloadWhen.ALWAYS,
                DownloadWhen.values(),
                InputParser::lowerName)
            == DownloadWhen.FAILURE;
    Path knowledgeDir = null;
    String knowledge = text("knowledge-dir");
    if (knowledge != null) {
      try {
        knowledgeDir = workspace.resolve(knowledge).normalize();
        if (!Files.isDirectory(knowledgeDir)) {
          problem("knowledge-dir", "'" + knowledge + "' is not a folder in the workspace");
          knowledgeDir = null;
        } else if (!insideWorkspace("knowledge-dir", knowledgeDir)) {
          knowledgeDir = null;
        }
      } catch (InvalidPathException e) {
        problem("knowledge-dir", "is not a valid path: " + e.getMessage());
      }
    }
    return new Reporting(
        resultsDir,
        artifacts,
        onlyFailed,
        bool("job-summary", true),
        choice("pr-comment", PrComment.ALWAYS, PrComment.values(), InputParser::lowerName),
        text("github-token"),
        bool("report-knowledge", text("project-id") != null),
        knowledgeDir);
  }

  /**
   * In GitHub Actions the action reads and writes only inside the workspace, judged after '..' and
   * symbolic links; a path outside is invalid input. Outside Actions it is allowed, and said.
   */
  private boolean insideWorkspace(String input, Path path) {
    Path real = BuildFiles.realPath(path);
    if (real.startsWith(BuildFiles.realPath(workspace))) {
      return true;
    }
    if (context.inActions()) {
      problem(
          input,
          "resolves to "
              + real
              + ", outside the workspace "
              + workspace
              + " (after '..' and symbolic links); in GitHub Actions the action reads and writes"
              + " only inside GITHUB_WORKSPACE: put it there");
      return false;
    }
    notes.add(input + " resolves to " + real + ", outside the working directory " + workspace);
    return true;
  }

  // --- readers: each returns a usable value and records a problem when the input is invalid ---

  private String text(String input) {
    String value = env.get("INPUT_" + input.replace(' ', '_').toUpperCase(Locale.ROOT));
    return value == null || value.isBlank() ? null : value.strip();
  }

  private void problem(String input, String message) {
    problems.add(new Problem(input, message));
  }

  private boolean bool(String input, boolean fallback) {
    String value = text(input);
    if (value == null) {
      return fallback;
    }
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value.toLowerCase(Locale.ROOT));
    }
    problem(input, "must be true or false, got '" + value + "'");
    return fallback;
  }

  private int integer(String input, int fallback, int min, int max) {
    String value = text(input);
    if (value == null) {
      return fallback;
    }
    try {
      int number = Integer.parseInt(value);
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problem(input, "must be a whole number from " + min + " to " + max + ", got '" + value + "'");
    return fallback;
  }

  private <E extends Enum<E>> E choice(
      String input, E fallback, E[] values, Function<E, String> nameOf) {
    String value = text(input);
    if (value == null) {
      return fallback;
    }
    for (E candidate : values) {
      if (nameOf.apply(candidate).equalsIgnoreCase(value)) {
        return candidate;
      }
    }
    problem(input, "must be one of " + names(values, nameOf) + ", got '" + value + "'");
    return fallback;
  }

  /** An enum's input spelling: {@code NEW_FAILURE} is {@code new-failure}. */
  private static String lowerName(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The {@code download-artifacts-when} input. */
  private enum DownloadWhen {
    ALWAYS,
    FAILURE
  }

  private static <E> String names(E[] values, Function<E, String> nameOf) {
    return Arrays.stream(values).map(nameOf).collect(Collectors.joining(", "));
  }

  private String uuid(String input) {
    String value = text(input);
    return value != null && checkUuid(input, value) ? value : null;
  }

  private boolean checkUuid(String input, String value) {
    if (UUID.matcher(value).matches()) {
      return true;
    }
    problem(
        input,
        "must be a UUID like 123e4567-e89b-12d3-a456-426614174000 (copy it from nunu), got '"
            + value
            + "'");
    return false;
  }

  private List<String> list(String input) {
    String value = text(input);
    if (value == null) {
      return List.of();
    }
    return LIST_SEPARATOR
        .splitAsStream(value)
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  /** A map input, written as YAML (a block scalar in the workflow) or JSON; null if not given. */
  private JsonNode map(String input) {
    String value = text(input);
    if (value == null) {
      return null;
    }
    try {
      JsonNode node = YamlMap.read(value);
      if (node != null && node.isObject()) {
        return node;
      }
      problem(
          input,
          "must be a map, as YAML (key: value, one per line) or JSON ({\"key\": \"value\"}), got "
              + (node == null || node.isMissingNode()
                  ? "nothing"
                  : node.isArray()
                      ? "an array"
                      : "a " + node.getNodeType().toString().toLowerCase(Locale.ROOT)));
    } catch (YamlMap.Refused e) {
      problem(
          input,
          "must be a map, as YAML or JSON; "
              + Commands.oneLine(e.getMessage())
              + (value.contains("*") && e.getMessage().contains("alias")
                  ? " (a value that starts with * must be quoted in YAML: \"*.apk\")"
                  : ""));
    }
    return null;
  }

  private URI url(String input, String fallback) {
    String value = text(input);
    String text = value == null ? fallback : value;
    try {
      URI uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
        problem(input, "must be an absolute https URL like " + fallback + ", got '" + text + "'");
      } else if (uri.getRawQuery() != null
          || uri.getRawFragment() != null
          || uri.getRawUserInfo() != null) {
        problem(
            input,
            "must be a plain base URL without query, fragment or credentials, got '" + text + "'");
      } else if (scheme.equals("http") && !isLoopback(uri.getHost())) {
        problem(
            input,
            "must use https (http is allowed only for localhost, to reach a local simulator), got '"
                + text
                + "'");
      } else {
        return uri;
      }
    } catch (URISyntaxException e) {
      problem(input, "is not a valid URL: " + e.getMessage());
    }
    return URI.create(fallback);
  }

  static boolean isLoopback(String host) {
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (bare.equalsIgnoreCase("localhost")) {
      return true;
    }
    // Literal addresses only: a name is never looked up here (no network before validation ends).
    if (!bare.matches("[0-9.]+") && !bare.contains(":")) {
      return false;
    }
    try {
      return InetAddress.getByName(bare).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
