package io.github.nunuaction.actions;

import io.github.nunuaction.core.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The GitHub Actions runner as seen from inside the step: log lines, workflow commands, outputs,
 * state and the step summary. Outside Actions (no {@code GITHUB_ACTIONS=true}) the same calls print
 * plain text, and outputs become {@code name=value} lines. Every byte passes the {@link Scrubber}.
 */
public final class Workflow implements Log {
  private final boolean inActions;
  private final boolean debugEnabled;
  private final PrintStream out;
  private final PrintStream err;
  private final Path outputFile;
  private final Path stateFile;
  private final Path summaryFile;
  private final Map<String, String> state;
  private final Scrubber scrubber = new Scrubber();

  public Workflow(GitHubContext context, PrintStream out, PrintStream err) {
    this.inActions = context.inActions();
    this.debugEnabled = context.debug();
    this.out = out;
    this.err = err;
    this.outputFile = context.files().output();
    this.stateFile = context.files().state();
    this.summaryFile = context.files().summary();
    this.state = context.state();
  }

  public Scrubber scrubber() {
    return scrubber;
  }

  /** Registers a secret; the runner hides it from then on and we scrub it everywhere. */
  public void mask(String secret) {
    if (secret == null || secret.isBlank()) {
      return;
    }
    scrubber.addSecret(secret);
    if (inActions) {
      for (String line : secret.split("\\R")) {
        if (!line.isBlank()) {
          out.println("::add-mask::" + Commands.escapeData(line));
        }
      }
    }
  }

  /** A plain log line; whatever API text it holds cannot start a command or a second line. */
  @Override
  public void info(String line) {
    out.println(plain(line));
  }

  public void debug(String message) {
    if (debugEnabled) {
      out.println(inActions ? command("debug", Map.of(), message) : plain("Debug: " + message));
    }
  }

  @Override
  public void error(String message, String title) {
    annotate("error", "Error", title, message);
  }

  @Override
  public void warning(String message, String title) {
    annotate("warning", "Warning", title, message);
  }

  @Override
  public void notice(String message, String title) {
    annotate("notice", "Notice", title, message);
  }

  private void annotate(String command, String label, String title, String message) {
    if (inActions) {
      var properties = new LinkedHashMap<String, String>();
      properties.put("title", title);
      out.println(command(command, properties, message));
    } else {
      String text = (title == null || title.isEmpty() ? "" : title + ": ") + message;
      (command.equals("notice") ? out : err).println(plain(label + ": " + text));
    }
  }

  /**
   * The one neutralizer for text printed as a plain line or written as an output: secrets scrubbed
   * first, then {@link Commands#oneLine}.
   */
  private String plain(String text) {
    return Commands.oneLine(scrubber.scrub(text));
  }

  private String command(String name, Map<String, String> properties, String message) {
    var scrubbed = new LinkedHashMap<String, String>();
    properties.forEach((k, v) -> scrubbed.put(k, v == null ? null : scrubber.scrub(v)));
    return Commands.command(name, scrubbed, scrubber.scrub(message));
  }

  /** Runs {@code work} inside a foldable group of log lines, closed however the work ends. */
  @Override
  public <T> T group(String title, Supplier<T> work) {
    out.println(
        inActions
            ? "::group::" + Commands.escapeData(scrubber.scrub(title))
            : plain("== " + title + " =="));
    try {
      return work.get();
    } finally {
      if (inActions) {
        out.println("::endgroup::");
      }
    }
  }

  /**
   * Writes an output as a heredoc whose random delimiter the value cannot contain. Values are one
   * line, neutralized like log lines: an id from the API cannot smuggle in a second line.
   */
  public void setOutput(String name, String value) {
    String safe = plain(value == null ? "" : value);
    if (outputFile == null) {
      out.println(name + "=" + safe);
      return;
    }
    appendFileCommand(outputFile, name, safe);
  }

  /** What the main step saved under {@code name} for the post step; empty when nothing. */
  public String state(String name) {
    return state.getOrDefault(name, "");
  }

  /**
   * The list the main step saved under {@code name} ({@link #saveList}): empty when it saved none;
   * throws IllegalArgumentException when what was saved cannot be read.
   */
  public List<String> savedList(String name) {
    String saved = state(name);
    if (saved.isBlank()) {
      return List.of();
    }
    try {
      var values = new ArrayList<String>();
      Json.MAPPER.readTree(saved).forEach(value -> values.add(value.asText()));
      return List.copyOf(values);
    } catch (IOException e) {
      throw new IllegalArgumentException("the saved " + name + " could not be read", e);
    }
  }

  /** Saves a list for the post step, as a JSON array. */
  public void saveList(String name, List<String> values) {
    saveState(name, Json.stringArray(values));
  }

  /** Saves state for the post-entrypoint, which receives it as {@code STATE_<name>}. */
  public void saveState(String name, String value) {
    if (stateFile != null) {
      appendFileCommand(stateFile, name, scrubber.scrub(value));
    }
  }

  private static void appendFileCommand(Path file, String name, String value) {
    String delimiter = "ghadelimiter_" + UUID.randomUUID();
    if (name.contains(delimiter) || value.contains(delimiter)) {
      throw new IllegalArgumentException("value of " + name + " contains the delimiter");
    }
    append(file, name + "<<" + delimiter + "\n" + value + "\n" + delimiter + "\n");
  }

  /** Appends Markdown to the step summary; false when there is no summary file. */
  public boolean appendSummary(String markdown) {
    if (summaryFile == null) {
      return false;
    }
    append(summaryFile, scrubber.scrub(markdown));
    return true;
  }

  private static void append(Path file, String text) {
    try {
      Files.writeString(
          file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write " + file + ": " + e.getMessage(), e);
    }
  }
}
