package io.github.nunuaction.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.github.nunuaction.core.Json;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** A response as the readers see it: status, headers and the (size-limited) body. */
public record Answer(int status, HttpHeaders headers, byte[] body) {

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
}
