package io.github.nunuaction.nunu;

import io.github.nunuaction.http.Query;
import java.util.List;

/**
 * Which builds a list asks for (API.md 2.1.6): the usable ones ({@code status=OK}) with a content
 * tag. {@link #matches} checks a listed build against that; its size is the caller's to compare.
 */
public record BuildFilter(String contentTag) {

  public boolean matches(Build build) {
    return build.id() != null && build.usable() && build.tags().contains(contentTag);
  }

  Query query() {
    return Query.of().addList("tags", List.of(contentTag)).add("status", "OK");
  }

  @Override
  public String toString() {
    return "tags=" + contentTag + ", status=OK";
  }
}
