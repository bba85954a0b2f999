package io.github.nunuaction;

import io.github.nunuaction.core.Cancellation;
import java.util.List;
import sun.misc.Signal;

/**
 * Turns SIGINT and SIGTERM (a cancelled workflow: {@code docker stop}) into a {@link Cancellation},
 * so that the action aborts its upload, stops its runs and writes its report before it exits with
 * 130 or 143. A watchdog ends the process if that cleanup overruns its few seconds.
 */
final class Signals {
  static final long WATCHDOG_MILLIS = 4_500;

  private Signals() {}

  static Cancellation install() {
    var cancellation = new Cancellation();
    for (String name : List.of("INT", "TERM")) {
      try {
        Signal.handle(new Signal(name), signal -> onSignal(cancellation, signal.getName()));
      } catch (IllegalArgumentException unavailable) {
        // Not on this platform; the JVM's default handling stays.
      }
    }
    return cancellation;
  }

  private static void onSignal(Cancellation cancellation, String name) {
    if (!cancellation.cancel(name)) {
      return;
    }
    int code = ExitCode.forSignal(name).code();
    Thread watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(WATCHDOG_MILLIS);
              } catch (InterruptedException e) {
                return;
              }
              System.err.println("Cleanup after SIG" + name + " took too long; exiting.");
              Runtime.getRuntime().halt(code);
            },
            "nunu-cancel-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }
}
