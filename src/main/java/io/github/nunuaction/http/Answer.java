package io.github.nunuaction.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.github.nunuaction.actions.Commands;
import io.github.nunuaction.core.Json;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A response as the readers see it: status, headers and the (size-limited) body. */
public record Answer(int status, HttpHeaders headers, byte[] body) {
  private static final Pattern XML_MESSAGE = Pattern.compile("<(Code|Message)>([^<]{1,300})</\\1>");

  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The body as JSON; an empty body reads as a missing node. Throws for anything else. */
  public JsonNode json() throws IOException {
    if (body.length == 0) {
      return MissingNode.getInstance();
    }
    return Json.MAPPER.readTree(body);
  }

  /** The body as JSON; throws IllegalArgumentException when it is not JSON. */
  public JsonNode jsonBody() {
    try {
      return json();
    } catch (IOException e) {
      throw new IllegalArgumentException("it is not JSON");
    }
  }

  public Optional<String> header(String name) {
    return headers.firstValue(name);
  }

  /** {@code Retry-After} as seconds or as an HTTP date, relative to {@code now}. */
  public Optional<Duration> retryAfter(Instant now) {
    return header("Retry-After").flatMap(value -> parseRetryAfter(value, now));
  }

  static Optional<Duration> parseRetryAfter(String value, Instant now) {
    String trimmed = value.strip();
    try {
      long seconds = Long.parseLong(trimmed);
      return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime date = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration wait = Duration.between(now, date.toInstant());
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }

  /**
   * Whether this refusal is a rate limit, given its {@code message}: 429, or a 403 that says so
   * (GitHub answers its rate limits with 403 and {@code x-ratelimit-remaining: 0}, or {@code
   * Retry-After}, or the words).
   */
  boolean rateLimited(String message) {
    if (status == 429) {
      return true;
    }
    return status == 403
        && (header("x-ratelimit-remaining").map(String::strip).orElse("").equals("0")
            || header("Retry-After").isPresent()
            || message != null && message.toLowerCase(Locale.ROOT).contains("rate limit"));
  }

  /** The error text of a failed answer: JSON {error}, S3 XML, or the page's start; null if none. */
  String error() {
    try {
      JsonNode json = json();
      if (json.isObject()) {
        String message = Json.firstText(json, "error", "message");
        return message == null ? null : Commands.oneLine(message);
      }
    } catch (IOException notJson) {
      // fall through to XML or text
    }
    String text = text();
    Matcher xml = XML_MESSAGE.matcher(text);
    var parts = new StringBuilder();
    while (xml.find()) {
      parts.append(parts.isEmpty() ? "" : ": ").append(xml.group(2));
    }
    if (!parts.isEmpty()) {
      return Commands.oneLine(parts.toString());
    }
    String stripped =
        text.replaceAll("(?s)<(script|style)[^>]*>.*?</\\1>", " ")
            .replaceAll("<[^>]*>", " ")
            .replaceAll("\\s+", " ")
            .strip();
    if (stripped.isEmpty()) {
      return null;
    }
    String start = stripped.length() > 200 ? stripped.substring(0, 200) + "…" : stripped;
    return "non-JSON answer: " + Commands.oneLine(start);
  }
}
