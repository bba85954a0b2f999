package io.github.nunuaction.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Request bodies with the identity tags set aside, for tests about everything else. */
public final class Tags {
  private Tags() {}

  /** A copy of {@code body} without the {@code gh-*} and {@code sha256:} tags in {@code field}. */
  public static JsonNode withoutIdentity(JsonNode body, String field) {
    ObjectNode copy = body.deepCopy();
    ArrayNode tags = copy.withArray(field);
    for (int i = tags.size() - 1; i >= 0; i--) {
      String tag = tags.get(i).asText();
      if (tag.startsWith("gh-") || tag.startsWith("sha256:")) {
        tags.remove(i);
      }
    }
    if (tags.isEmpty()) {
      copy.remove(field);
    }
    return copy;
  }
}
