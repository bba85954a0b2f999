package io.github.nunuaction.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nunuaction.actions.Commands;
import io.github.nunuaction.actions.GitHubContext;
import io.github.nunuaction.config.InputParser.Problem;
import io.github.nunuaction.core.YamlMap;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The readers of {@code INPUT_*} variables that every group of inputs uses: each returns a usable
 * value and records a problem when the input is invalid, so that one run lists every problem.
 */
final class InputReader {
  static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,100}");
  static final Pattern REF = Pattern.compile("[A-Za-z0-9._/-]{1,200}");
  static final Pattern LIST_SEPARATOR = Pattern.compile("[,\\n\\r]+");

  private final Map<String, String> env;
  private final GitHubContext context;
  private final Path workspace;
  private final List<Problem> problems = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  InputReader(Map<String, String> env, GitHubContext context) {
    this.env = env;
    this.context = context;
    this.workspace = context.workspace();
  }

  /** The API key as given (see {@link InputParser#rawApiKey}). */
  String rawApiKey() {
    return InputParser.rawApiKey(env);
  }

  GitHubContext context() {
    return context;
  }

  Path workspace() {
    return workspace;
  }

  List<Problem> problems() {
    return List.copyOf(problems);
  }

  List<String> notes() {
    return List.copyOf(notes);
  }

  /**
   * In GitHub Actions the action reads and writes only inside the workspace, judged after '..' and
   * symbolic links; a path outside is invalid input. Outside Actions it is allowed, and said.
   */
  boolean insideWorkspace(String input, Path path) {
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

  String text(String input) {
    String value = env.get("INPUT_" + input.replace(' ', '_').toUpperCase(Locale.ROOT));
    return value == null || value.isBlank() ? null : value.strip();
  }

  void note(String note) {
    notes.add(note);
  }

  void problem(String input, String message) {
    problems.add(new Problem(input, message));
  }

  boolean bool(String input, boolean fallback) {
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

  int integer(String input, int fallback, int min, int max) {
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

  <E extends Enum<E>> E choice(String input, E fallback, E[] values, Function<E, String> nameOf) {
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
  static String lowerName(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static <E> String names(E[] values, Function<E, String> nameOf) {
    return Arrays.stream(values).map(nameOf).collect(Collectors.joining(", "));
  }

  String uuid(String input) {
    String value = text(input);
    return value != null && checkUuid(input, value) ? value : null;
  }

  boolean checkUuid(String input, String value) {
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

  List<String> list(String input) {
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
  JsonNode map(String input) {
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

  URI url(String input, String fallback) {
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
