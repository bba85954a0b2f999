package io.github.nunuaction;

import io.github.nunuaction.config.Inputs.Waiting;
import io.github.nunuaction.results.Conclusion;
import io.github.nunuaction.results.Policy;
import io.github.nunuaction.results.Results;

/** The process's exit codes (README, "Exit codes"). */
public enum ExitCode {
  OK(0),
  /** The tests' outcome fails the policy (failure, error, timeout). */
  TESTS_FAILED(1),
  /** Invalid input or configuration; nothing was sent. */
  INVALID_INPUT(2),
  /** A service, or reading the build, failed in a way retries could not overcome. */
  SERVICE_FAILED(3),
  SIGINT(130),
  SIGTERM(143);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** 130 for SIGINT, 143 for SIGTERM (what a shell reports for a process those signals ended). */
  static ExitCode forSignal(String signal) {
    return "INT".equals(signal) ? SIGINT : SIGTERM;
  }

  /** The exit code of finished results under the failure policy. */
  static ExitCode of(Results results, Waiting waiting) {
    if (results.conclusion() == Conclusion.CANCELLED) {
      return SIGTERM;
    }
    return Policy.failsTheStep(results, waiting) ? TESTS_FAILED : OK;
  }
}
