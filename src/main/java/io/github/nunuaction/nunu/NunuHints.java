package io.github.nunuaction.nunu;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nunuaction.core.Formats;
import io.github.nunuaction.core.Json;
import io.github.nunuaction.http.Service;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What to do when nunu or its storage refuses a request (API.md section 1.5). */
final class NunuHints {
  private static final Pattern PERMISSION = Pattern.compile("permission:?\\s*([a-z]+:[a-z-]+)");

  private NunuHints() {}

  static final Service.Hints API =
      (status, message, body) ->
          switch (status) {
            case 400 -> "nunu rejected the request; check the inputs named in the message above.";
            case 401 ->
                "The API key was not accepted: check the secret passed as api-key. Organization keys"
                    + " (nunu_org_...) also need project-id.";
            case 402 -> quotaExceeded(Json.child(body, "details"));
            case 403 -> forbidden(message);
            case 404 ->
                "Check the ids passed to the action and that the key belongs to that project.";
            case 409 ->
                "nunu reports a conflict; wait for the other operation to finish and retry.";
            case 413 -> "The request is larger than nunu accepts; check the build file's size.";
            case 429 ->
                "nunu is rate limiting this key; wait a little, raise poll-interval-seconds, or run"
                    + " fewer jobs at once.";
            default ->
                status >= 500
                    ? "The server failed; retries did not help. Try again later; if it persists,"
                        + " contact nunu support."
                    : null;
          };

  /** Presigned storage URLs carry no key: a refusal is about the URL, not the key. */
  static final Service.Hints STORAGE =
      (status, message, body) ->
          status == 403
              ? "Storage refused the presigned URL; it may have expired or a proxy may have changed"
                  + " the request."
              : null;

  /** API.md 2.1.1: {@code 402 QUOTA_EXCEEDED} with {@code details {used, capacity, needed}}. */
  private static String quotaExceeded(JsonNode details) {
    Long used = Json.integer(details, "used");
    Long capacity = Json.integer(details, "capacity");
    Long needed = Json.integer(details, "needed");
    String numbers =
        used == null || capacity == null
            ? ""
            : " ("
                + Formats.size(used)
                + " of "
                + Formats.size(capacity)
                + " used"
                + (needed == null ? "" : ", this build needs " + Formats.size(needed))
                + ")";
    return "Build storage is full"
        + numbers
        + ": delete old builds in nunu, or set build-auto-delete: true.";
  }

  private static String forbidden(String message) {
    Matcher permission = PERMISSION.matcher(message);
    if (permission.find()) {
      return "Give the API key the '"
          + permission.group(1)
          + "' permission (nunu, Project Admin, API Keys), or use a key that has it.";
    }
    if (message.contains("expired")) {
      return "The API key has expired: create a new key in nunu and update the secret passed as"
          + " api-key.";
    }
    if (message.contains("disabled")) {
      return "The API key is disabled: enable it in nunu or use another key.";
    }
    return "The API key lacks access: it needs project:manage-build-storage, project:operate-runs"
        + " and project:read-runs.";
  }
}
