package io.github.nunuaction.nunu;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Older API versions wrapped answers as {@code {ok, status, message, data: {...}}}; current ones
 * answer bare. Reads either.
 */
final class Envelope {
  private Envelope() {}

  /** The object holding {@code field}: the answer itself, or its {@code data} member. */
  static JsonNode unwrap(JsonNode json, String field) {
    if (json != null && json.has(field)) {
      return json;
    }
    JsonNode data = json == null ? null : json.get("data");
    return data != null && data.isObject() ? data : json;
  }
}
