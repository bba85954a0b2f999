package io.github.nunuaction.testing;

import io.github.nunuaction.actions.Log;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A log that keeps what it is told, for tests of one class: info lines as they are, annotations as
 * {@code warning[title]: message}, groups as {@code group: name}.
 */
public final class RecordingLog implements Log {
  private final List<String> lines = new CopyOnWriteArrayList<>();

  public List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void info(String message) {
    lines.add(message);
  }

  @Override
  public void warning(String message, String title) {
    lines.add("warning[" + title + "]: " + message);
  }

  @Override
  public void notice(String message, String title) {
    lines.add("notice[" + title + "]: " + message);
  }

  @Override
  public void error(String message, String title) {
    lines.add("error[" + title + "]: " + message);
  }

  @Override
  public <T> T group(String name, Supplier<T> body) {
    lines.add("group: " + name);
    return body.get();
  }
}
