package io.github.nunuaction.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nunuaction.actions.Commands;
import io.github.nunuaction.core.YamlMap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads the {@code quarantine} input's file, a YAML map with a {@code tests} list:
 *
 * <pre>
 * tests:
 *   - test: Shop opens            # a test id or name
 *     reason: the ad SDK times out on Pixel 8
 *     until: 2027-01-31           # the last day its failures are excused
 *     owner: "@jane"              # optional
 *     link: https://github.com/org/game/issues/12   # optional
 * </pre>
 *
 * A file that is missing, outside the workspace, not YAML, or has an entry without {@code test},
 * {@code reason} or a valid {@code until} date is invalid input: the message names the file and the
 * entry.
 */
final class QuarantineFile {
  private static final String INPUT = "quarantine";
  private static final Set<String> KEYS = Set.of("test", "reason", "until", "owner", "link");

  private final InputReader in;

  QuarantineFile(InputReader in) {
    this.in = in;
  }

  Quarantine read() {
    String name = in.text(INPUT);
    if (name == null) {
      return Quarantine.NONE;
    }
    Path path;
    try {
      path = in.workspace().resolve(name).normalize();
    } catch (InvalidPathException e) {
      in.problem(INPUT, "is not a valid path: " + e.getMessage());
      return Quarantine.NONE;
    }
    if (!Files.isRegularFile(path)) {
      in.problem(INPUT, "names '" + name + "', which is not a file in the workspace");
      return Quarantine.NONE;
    }
    if (!in.insideWorkspace(INPUT, path)) {
      return Quarantine.NONE;
    }
    JsonNode yaml;
    try {
      yaml = YamlMap.read(Files.readString(path, StandardCharsets.UTF_8));
    } catch (IOException e) {
      in.problem(INPUT, "'" + name + "' could not be read as UTF-8 text: " + e.getMessage());
      return Quarantine.NONE;
    } catch (YamlMap.Refused e) {
      in.problem(INPUT, "'" + name + "' is not YAML the action reads: " + e.getMessage());
      return Quarantine.NONE;
    }
    JsonNode tests = yaml == null ? null : yaml.get("tests");
    if (tests == null || !tests.isArray()) {
      in.problem(
          INPUT,
          "'"
              + name
              + "' must be a YAML map with a list under 'tests' (each item: test, reason, until;"
              + " optionally owner, link)");
      return Quarantine.NONE;
    }
    var entries = new ArrayList<Quarantine.Entry>();
    int number = 0;
    for (JsonNode item : tests) {
      Quarantine.Entry entry = entry(name, ++number, item);
      if (entry != null) {
        entries.add(entry);
      }
    }
    return new Quarantine(name, entries);
  }

  private Quarantine.Entry entry(String file, int number, JsonNode item) {
    String where = "'" + file + "', entry " + number;
    if (!item.isObject()) {
      in.problem(INPUT, where + ": must be a map with test, reason and until");
      return null;
    }
    for (Iterator<String> keys = item.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!KEYS.contains(key)) {
        in.problem(
            INPUT,
            where
                + ": unknown key '"
                + Commands.oneLine(key)
                + "' (an entry has test, reason, until, owner, link)");
        return null;
      }
    }
    String test = text(item, "test");
    if (test != null) {
      where += " (test \"" + Commands.oneLine(test) + "\")";
    }
    String reason = text(item, "reason");
    String until = text(item, "until");
    List<String> missing = new ArrayList<>();
    if (test == null) {
      missing.add("test");
    }
    if (reason == null) {
      missing.add("reason");
    }
    if (until == null) {
      missing.add("until");
    }
    if (!missing.isEmpty()) {
      in.problem(INPUT, where + ": lacks " + String.join(", ", missing));
      return null;
    }
    LocalDate date;
    try {
      date = LocalDate.parse(until);
    } catch (DateTimeParseException e) {
      in.problem(
          INPUT,
          where
              + ": until '"
              + Commands.oneLine(until)
              + "' is not a date; write it as YYYY-MM-DD (the last day the failures are excused)");
      return null;
    }
    return new Quarantine.Entry(
        number, test, reason, date, text(item, "owner"), text(item, "link"));
  }

  private static String text(JsonNode item, String key) {
    JsonNode value = item.get(key);
    if (value == null || value.isNull() || value.isContainerNode()) {
      return null;
    }
    String text = value.asText().strip();
    return text.isEmpty() ? null : text;
  }
}
