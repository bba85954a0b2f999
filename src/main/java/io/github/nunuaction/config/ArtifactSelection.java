package io.github.nunuaction.config;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Locale;

/**
 * The {@code download-artifacts} input: {@code none}, {@code logs}, {@code all}, or a glob over
 * artifact file names (which may contain folders, like {@code deliverables/report.json}).
 */
public record ArtifactSelection(String spec, PathMatcher glob) {
  public static final ArtifactSelection NONE = new ArtifactSelection("none", null);

  /** Parses the input; throws IllegalArgumentException for a glob Java cannot compile. */
  public static ArtifactSelection parse(String value) {
    String spec = value.strip();
    return switch (spec.toLowerCase(Locale.ROOT)) {
      case "", "none" -> NONE;
      case "logs", "all" -> new ArtifactSelection(spec.toLowerCase(Locale.ROOT), null);
      default ->
          new ArtifactSelection(spec, FileSystems.getDefault().getPathMatcher("glob:" + spec));
    };
  }

  public boolean none() {
    return spec.equals("none");
  }

  /** Whether an artifact with this file name is to be downloaded. */
  public boolean matches(String filename) {
    return switch (spec) {
      case "none" -> false;
      case "all" -> true;
      case "logs" -> isLog(filename);
      default -> glob.matches(Path.of(filename)) || glob.matches(Path.of(filename).getFileName());
    };
  }

  private static boolean isLog(String filename) {
    String name = filename.toLowerCase(Locale.ROOT);
    return name.endsWith(".log") || name.endsWith(".txt") || name.contains("log");
  }
}
