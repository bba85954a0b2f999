package io.github.nunuaction.results;

import java.util.List;

/**
 * What the agents could read (API.md 2.6): the knowledge files in scope, and how the project's
 * files differ from {@code knowledge-dir}.
 *
 * @param problem why the listing is missing (a 403), or null
 * @param drift the comparison with knowledge-dir, or null when there was none
 */
public record Knowledge(List<File> files, Drift drift, String problem) {

  /** A file in one scope ({@code project}, {@code agent}, {@code test_case}). */
  public record File(
      String scope, String path, Long size, String uploaded, String etag, String description) {}

  /**
   * Paths only in knowledge-dir, only in nunu, and in both with other content; {@code uncomparable}
   * are in both, but nunu's ETag for them is not a plain MD5 (a multipart upload's {@code …-N},
   * say), so whether they differ cannot be told.
   */
  public record Drift(
      List<String> missing, List<String> extra, List<String> different, List<String> uncomparable) {
    public boolean none() {
      return missing.isEmpty() && extra.isEmpty() && different.isEmpty();
    }
  }

  public static Knowledge unavailable(String problem) {
    return new Knowledge(List.of(), null, problem);
  }
}
