package io.github.nunuaction.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The inputs and outputs that action.yml declares, read the simple way its layout allows. */
public final class ActionYml {
  private static final Pattern ENTRY = Pattern.compile("^  ([a-z-]+):\\s*$");
  private static final Pattern DEFAULT = Pattern.compile("^    default: '(.*)'\\s*$");

  private ActionYml() {}

  /** The token the runner gives {@code ${{ github.token }}} in these tests. */
  public static final String RUNNER_TOKEN = "ghs_runnerToken0123456789abcdefghij";

  /** The check run the runner gives {@code ${{ job.check_run_id }}} in these tests. */
  public static final String CHECK_RUN_ID = "44100000001";

  /**
   * Input name → default ('' when none), in declaration order, with the expressions evaluated as
   * the runner would: the token, the job's check run, and {@code toJSON(matrix)} outside a matrix
   * ({@code null}).
   */
  public static Map<String, String> inputs() {
    var inputs = declaredInputs();
    inputs.replaceAll(
        (name, value) ->
            value
                .replace("${{ github.token }}", RUNNER_TOKEN)
                .replace("${{ job.check_run_id }}", CHECK_RUN_ID)
                .replace("${{ toJSON(matrix) }}", "null"));
    return inputs;
  }

  /** Input name → default exactly as action.yml writes it. */
  public static Map<String, String> declaredInputs() {
    return section("inputs");
  }

  public static List<String> outputs() {
    return List.copyOf(section("outputs").keySet());
  }

  private static Map<String, String> section(String name) {
    List<String> lines;
    try {
      lines = Files.readAllLines(Path.of("action.yml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    var entries = new LinkedHashMap<String, String>();
    boolean inside = false;
    String current = null;
    for (String line : lines) {
      if (!line.startsWith(" ") && !line.isBlank()) {
        inside = line.equals(name + ":");
        continue;
      }
      if (!inside) {
        continue;
      }
      Matcher entry = ENTRY.matcher(line);
      Matcher defaultValue = DEFAULT.matcher(line);
      if (entry.matches()) {
        current = entry.group(1);
        entries.put(current, "");
      } else if (defaultValue.matches() && current != null) {
        entries.put(current, defaultValue.group(1).replace("''", "'"));
      }
    }
    return entries;
  }
}
