package io.github.nunuaction.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;

/**
 * A call to a service (nunu, its artifacts host, storage, GitHub) failed in a way retries did not
 * overcome, or answered something unusable. The message says what failed and what to do; it never
 * holds a credential or a presigned URL's query.
 */
public final class ApiException extends RuntimeException {
  private final int status;
  private final boolean outcomeUnknown;
  private final boolean rateLimited;
  private final transient JsonNode errorBody;

  private ApiException(
      String message,
      int status,
      boolean outcomeUnknown,
      boolean rateLimited,
      JsonNode errorBody,
      Throwable cause) {
    super(message, cause, true, false);
    this.status = status;
    this.outcomeUnknown = outcomeUnknown;
    this.rateLimited = rateLimited;
    this.errorBody = errorBody;
  }

  /** Whether the service refused because of its rate limit (429, or a 403 that says so). */
  public boolean rateLimited() {
    return rateLimited;
  }

  /** HTTP status, or 0 when no answer arrived. */
  public int status() {
    return status;
  }

  /**
   * Whether the request may have taken effect although it failed: the answer was lost after the
   * request was sent, or the server failed (5xx). A refused connection never reached it.
   */
  public boolean outcomeUnknown() {
    return outcomeUnknown;
  }

  /**
   * The failed answer's body when it was a JSON object (the service's own error shape, as opposed
   * to a gateway's page), else null. Read it for its fields only: it is untrusted.
   */
  public JsonNode errorBody() {
    return errorBody;
  }

  /** An HTTP answer that is not a success, with the service's advice for it. */
  static ApiException fromAnswer(
      HttpStep<?> step, Answer answer, String apiMessage, int attempts, boolean rateLimited) {
    int status = answer.status();
    String what =
        "Could not "
            + step.purpose()
            + ": HTTP "
            + status
            + (apiMessage == null || apiMessage.isBlank() ? "" : " (" + apiMessage + ")")
            + (attempts > 1 ? " after " + attempts + " attempts" : "")
            + ". ";
    // A rate limit gets the advice for one, whatever status it came with.
    int advice = rateLimited ? 429 : status;
    String hint =
        step.hints().getOrDefault(advice, step.service().hint(advice, apiMessage, answer));
    // A server error after a request that must not be repeated leaves its effect unknown.
    String maybeDone = status >= 500 ? maybeDone(step) : "";
    return new ApiException(
        what + hint + maybeDone, status, status >= 500, rateLimited, jsonObject(answer), null);
  }

  private static JsonNode jsonObject(Answer answer) {
    try {
      JsonNode json = answer.json();
      return json.isObject() ? json : null;
    } catch (IOException notJson) {
      return null;
    }
  }

  /** No answer at all: refused, reset, timed out. */
  static ApiException fromTransport(
      HttpStep<?> step, String host, String reason, Exception cause, int attempts) {
    return new ApiException(
        "Could not "
            + step.purpose()
            + ": no answer from "
            + host
            + " ("
            + reason
            + ")"
            + (attempts > 1 ? " after " + attempts + " attempts" : "")
            + ". Check that the runner can reach "
            + host
            + " (firewall, HTTPS_PROXY/NO_PROXY) and try again."
            + maybeDone(step),
        0,
        !(cause instanceof ConnectException),
        false,
        null,
        cause);
  }

  /**
   * A request that may have reached the server is not sent twice (it could start runs twice), so
   * the user is told what to check: the step's own advice for {@link HttpStep#NO_ANSWER}, or this.
   */
  private static String maybeDone(HttpStep<?> step) {
    if (step.retry() != HttpStep.Retry.NOT_TWICE) {
      return "";
    }
    return " "
        + step.hints()
            .getOrDefault(
                HttpStep.NO_ANSWER,
                "The request may have reached "
                    + step.service().name()
                    + " anyway: check there before running again, so as not to do it twice.");
  }

  /** A success status whose body we cannot use. */
  static ApiException unreadable(HttpStep<?> step, int status, String problem) {
    return new ApiException(
        "Could not "
            + step.purpose()
            + ": the answer (HTTP "
            + status
            + ") could not be read: "
            + problem
            + ". The "
            + step.service().name()
            + " API may have changed; please report this with the step log.",
        status,
        false,
        false,
        null,
        null);
  }

  /** A failure found by our own checks on an answer (a missing ETag, an inconsistent plan). */
  public static ApiException invalid(String message) {
    return new ApiException(message, 0, false, false, null, null);
  }

  /** A rate limit asked for a wait longer than the caller's budget allows: nothing was sent. */
  static ApiException outOfTime(HttpStep<?> step) {
    return new ApiException(
        "Could not "
            + step.purpose()
            + ": "
            + step.service().name()
            + "'s rate limit asks to wait longer than the time this may take.",
        429,
        false,
        true,
        null,
        null);
  }

  /** The advice when the service has none of its own. */
  static String genericHint(int status) {
    return status >= 500
        ? "The server failed; retries did not help. Try again later."
        : "Unexpected answer from the server.";
  }
}
