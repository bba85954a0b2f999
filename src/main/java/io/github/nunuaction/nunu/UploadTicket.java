package io.github.nunuaction.nunu;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nunuaction.core.Json;

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

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }
}
