package io.github.nunuaction.upload;

import io.github.nunuaction.http.ApiException;
import java.util.ArrayList;
import java.util.List;

/** How a file splits into the parts the server asked for. Pure arithmetic, checked. */
public final class PartPlan {
  /** Part {@code number} (1-based) covers {@code [offset, offset + length)}. */
  public record Part(int number, long offset, long length) {}

  private PartPlan() {}

  /**
   * Parts of {@code partSize} bytes, the last one shorter. When the server also sent {@code
   * totalParts}, it must agree: completing with another count would fail anyway, after the whole
   * upload.
   */
  public static List<Part> of(long fileSize, long partSize, long totalParts) {
    if (fileSize <= 0 || partSize <= 0) {
      throw ApiException.invalid(
          "Cannot split "
              + fileSize
              + " bytes into parts of "
              + partSize
              + " bytes: nunu sent an invalid part_size.");
    }
    long count = (fileSize + partSize - 1) / partSize;
    if (totalParts > 0 && totalParts != count) {
      throw ApiException.invalid(
          "nunu asked for "
              + totalParts
              + " parts of "
              + partSize
              + " bytes, but the "
              + fileSize
              + "-byte file makes "
              + count
              + "; did the file change after the upload was reserved?");
    }
    if (count > 10_000) {
      throw ApiException.invalid(
          "The file would need " + count + " parts; storage accepts at most 10000.");
    }
    var parts = new ArrayList<Part>((int) count);
    for (int i = 0; i < count; i++) {
      long offset = i * partSize;
      parts.add(new Part(i + 1, offset, Math.min(partSize, fileSize - offset)));
    }
    return parts;
  }
}
