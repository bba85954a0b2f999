package io.github.nunuaction.nunu;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nunuaction.core.Json;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a list (API.md 1.6): {@code {data: [...], pagination: {page, page_size, total_count,
 * total_pages}}}. Items that cannot be read are left out.
 */
record Page<T>(List<T> items, Long totalPages) {

  static <T> Page<T> of(JsonNode json, Function<JsonNode, T> reader) {
    List<T> items =
        Json.array(json, "data").stream()
            .<T>mapMulti(
                (item, out) -> {
                  try {
                    out.accept(reader.apply(item));
                  } catch (IllegalArgumentException unreadable) {
                    // One odd item does not spoil the list.
                  }
                })
            .toList();
    return new Page<>(items, Json.integer(Json.child(json, "pagination"), "total_pages"));
  }

  /** Whether a page after {@code page} exists; without pagination, a full page suggests so. */
  boolean hasMore(int page) {
    return totalPages == null ? !items.isEmpty() : page + 1 < totalPages;
  }
}
