package io.github.nunuaction.nunu;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nunuaction.core.Json;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A build in Build Storage (API.md 2.1.6 and 2.1.7), from either documented shape: {@code id},
 * {@code file_name}, {@code file_size} (docs' examples) or {@code build_id}, {@code filename},
 * {@code size} (current spec). Status is upper-cased.
 */
public record Build(
    String id, String name, String status, String fileName, Long fileSize, List<String> tags) {

  /** {@code OK} in the spec and examples, {@code ready} in the older prose (API.md 5.4, 19). */
  private static final Set<String> USABLE = Set.of("OK", "READY");

  public boolean usable() {
    return status != null && USABLE.contains(status);
  }

  static Build from(JsonNode json) {
    JsonNode body = Envelope.unwrap(json, "status");
    String status = Json.text(body, "status");
    return new Build(
        Json.firstText(body, "id", "build_id"),
        Json.text(body, "name"),
        status == null ? null : status.strip().toUpperCase(Locale.ROOT),
        Json.firstText(body, "file_name", "filename"),
        Json.integer(body, "file_size") != null
            ? Json.integer(body, "file_size")
            : Json.integer(body, "size"),
        Json.texts(body, "tags"));
  }
}
