package io.github.nunuaction.actions;

import java.util.function.Supplier;

/**
 * What the action's code says while it works, shaped like {@code @actions/core}: a log line, an
 * annotation (warning, notice, error) with its title, and a foldable group. The one logging surface
 * every layer above this one is handed; {@link Workflow} writes it to the runner.
 */
public interface Log {
  void info(String message);

  void warning(String message, String title);

  void notice(String message, String title);

  void error(String message, String title);

  /** Runs {@code body} inside a foldable group of log lines, closed however it ends. */
  <T> T group(String name, Supplier<T> body);

  /** This log with {@code prefix} before every message (uploads side by side name their file). */
  default Log prefixed(String prefix) {
    Log log = this;
    return new Log() {
      @Override
      public void info(String message) {
        log.info(prefix + message);
      }

      @Override
      public void warning(String message, String title) {
        log.warning(prefix + message, title);
      }

      @Override
      public void notice(String message, String title) {
        log.notice(prefix + message, title);
      }

      @Override
      public void error(String message, String title) {
        log.error(prefix + message, title);
      }

      @Override
      public <T> T group(String name, Supplier<T> body) {
        return log.group(name, body);
      }
    };
  }
}
