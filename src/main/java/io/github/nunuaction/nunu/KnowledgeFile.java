package io.github.nunuaction.nunu;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nunuaction.core.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * A knowledge file the agents can read (API.md 2.6): its scope ({@code project}, {@code agent},
 * {@code test_case}), path, size, upload time, ETag and the description of its metadata.
 */
public record KnowledgeFile(
    String scope, String path, Long size, String uploaded, String etag, String description) {

  /** Every file of every section of {@code GET /file-storage/{projectId}}. */
  static List<KnowledgeFile> listFrom(JsonNode json) {
    var files = new ArrayList<KnowledgeFile>();
    for (JsonNode section : Json.array(json, "sections")) {
      String scope = Json.text(section, "scope");
      for (JsonNode file : Json.array(section, "files")) {
        String path = Json.firstText(file, "path", "filename");
        if (path != null) {
          files.add(
              new KnowledgeFile(
                  scope,
                  path,
                  Json.integer(file, "size"),
                  Json.text(file, "uploaded"),
                  Json.text(file, "etag"),
                  Json.text(Json.child(file, "metadata"), "description")));
        }
      }
    }
    return files;
  }
}
