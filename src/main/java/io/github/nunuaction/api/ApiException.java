package io.github.nunuaction.api;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A call to nunu, the artifacts host or storage failed in a way retries did not overcome. The
 * message says what failed and what to do; it never holds the key or a presigned URL's query.
 */
public final class ApiException extends RuntimeException {
  private static final Pattern PERMISSION = Pattern.compile("permission:?\\s*([a-z]+:[a-z-]+)");

  private final int status;
  private final String errorCode;

  private ApiException(String message, int status, String errorCode, Throwable cause) {
    super(message, cause, true, false);
    this.status = status;
    this.errorCode = errorCode;
  }

  /** HTTP status, or 0 when no answer arrived. */
  public int status() {
    return status;
  }

  /** The API's {@code code} field (e.g. {@code QUOTA_EXCEEDED}), or null. */
  public String errorCode() {
    return errorCode;
  }

  /** An HTTP answer that is not a success. */
  static ApiException fromAnswer(HttpStep<?> step, int status, String apiMessage, String errorCode, int attempts) {
    String what = "Could not " + step.purpose() + ": HTTP " + status
        + (apiMessage == null || apiMessage.isBlank() ? "" : " (" + apiMessage + ")")
        + (attempts > 1 ? " after " + attempts + " attempts" : "") + ". ";
    return new ApiException(what + hint(step, status, apiMessage), status, errorCode, null);
  }

  /** No answer at all: refused, reset, timed out. */
  static ApiException fromTransport(HttpStep<?> step, String host, String reason, Exception cause, int attempts) {
    // A request that may have reached the server is not sent twice: it could start runs twice.
    String maybeDone = step.retry() == HttpStep.Retry.NOT_TWICE
        ? " The request may have reached nunu anyway: check there before running again, so as not to start it twice."
        : "";
    return new ApiException(
        "Could not " + step.purpose() + ": no answer from " + host + " (" + reason + ")"
            + (attempts > 1 ? " after " + attempts + " attempts" : "")
            + ". Check that the runner can reach " + host + " (firewall, HTTPS_PROXY/NO_PROXY) and try again." + maybeDone,
        0, null, cause);
  }

  /** A success status whose body we cannot use. */
  static ApiException unreadable(String purpose, int status, String problem) {
    return new ApiException(
        "Could not " + purpose + ": the answer (HTTP " + status + ") could not be read: " + problem
            + ". The nunu API may have changed; please report this with the step log.",
        status, null, null);
  }

  /** A failure found by our own checks on an answer (a missing ETag, an inconsistent plan). */
  public static ApiException invalid(String message) {
    return new ApiException(message, 0, null, null);
  }

  private static String hint(HttpStep<?> step, int status, String apiMessage) {
    String message = apiMessage == null ? "" : apiMessage.toLowerCase(Locale.ROOT);
    return switch (status) {
      case 400 -> "nunu rejected the request; check the inputs named in the message above.";
      case 401 -> "The API key was not accepted: check the secret passed as api-key. Organization keys (nunu_org_...) also need project-id.";
      case 402 -> "Build storage is full: delete old builds in nunu, or set build-auto-delete: true.";
      case 403 -> forbidden(step, message);
      case 404 -> step.notFoundHint() != null ? step.notFoundHint() : "Check the ids passed to the action and that the key belongs to that project.";
      case 409 -> "nunu reports a conflict; wait for the other operation to finish and retry.";
      case 413 -> "The request is larger than nunu accepts; check the build file's size.";
      case 429 -> "nunu is rate limiting this key; wait a little, raise poll-interval-seconds, or run fewer jobs at once.";
      default -> status >= 500
          ? "The server failed; retries did not help. Try again later; if it persists, contact nunu support."
          : "Unexpected answer from the server.";
    };
  }

  private static String forbidden(HttpStep<?> step, String message) {
    Matcher permission = PERMISSION.matcher(message);
    if (permission.find()) {
      return "Give the API key the '" + permission.group(1) + "' permission (nunu, Project Admin, API Keys), or use a key that has it.";
    }
    if (message.contains("expired")) {
      return "The API key has expired: create a new key in nunu and update the secret passed as api-key.";
    }
    if (message.contains("disabled")) {
      return "The API key is disabled: enable it in nunu or use another key.";
    }
    if (!step.withApiKey()) {
      return "Storage refused the presigned URL; it may have expired or a proxy may have changed the request.";
    }
    return "The API key lacks access: it needs project:manage-build-storage, project:operate-runs and project:read-runs.";
  }
}
