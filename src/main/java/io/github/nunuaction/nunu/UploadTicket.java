package io.github.nunuaction.nunu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.nunuaction.core.Json;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The answer to "initiate upload": where and how to send the bytes. */
public record UploadTicket(
    String uploadType,
    String buildId,
    String uploadUrl,
    String uploadId,
    String objectKey,
    long totalParts,
    long partSize) {

  public boolean multipart() {
    return "multipart".equalsIgnoreCase(uploadType) || (uploadUrl == null && uploadId != null);
  }

  static UploadTicket from(JsonNode json) {
    JsonNode body = Envelope.unwrap(json, "build_id");
    var ticket =
        new UploadTicket(
            Json.text(body, "upload_type"),
            Json.text(body, "build_id"),
            Json.text(body, "upload_url"),
            Json.text(body, "upload_id"),
            Json.text(body, "object_key"),
            orZero(Json.integer(body, "total_parts")),
            orZero(Json.integer(body, "part_size")));
    if (ticket.buildId == null || ticket.objectKey == null) {
      throw new IllegalArgumentException("build_id or object_key is missing");
    }
    if (ticket.multipart()
        ? ticket.uploadId == null || ticket.partSize <= 0
        : ticket.uploadUrl == null) {
      throw new IllegalArgumentException(
          ticket.multipart() ? "upload_id or part_size is missing" : "upload_url is missing");
    }
    return ticket;
  }

  /**
   * The body that completes this upload (API.md 2.1.4): a single-part one by its build id; a
   * multipart one with its upload id, object key and the parts' ETags as storage returned them, by
   * part number.
   */
  ObjectNode completion(List<String> etags) {
    ObjectNode body = Json.object().put("build_id", buildId());
    if (multipart()) {
      body.put("upload_id", uploadId());
      body.put("object_key", objectKey());
      var parts = body.putArray("parts");
      for (int i = 0; i < etags.size(); i++) {
        parts.addObject().put("part_number", i + 1).put("etag", etags.get(i));
      }
    }
    return body;
  }

  /** The answer to "get part URLs": each part's presigned URL, by part number. */
  static Map<Integer, URI> partUrls(JsonNode json) {
    Map<Integer, URI> urls = new HashMap<>();
    for (JsonNode entry : Json.array(Envelope.unwrap(json, "upload_urls"), "upload_urls")) {
      Long number = Json.integer(entry, "part_number");
      String url = Json.text(entry, "url");
      if (number != null && url != null) {
        urls.put(number.intValue(), URI.create(url));
      }
    }
    return urls;
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }
}
