package io.github.nunuaction.config;

import io.github.nunuaction.config.Inputs.Platform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds the build file named by a path or glob, and tells its platform from its extension. */
public final class BuildFiles {
  private static final int LISTED_MATCHES = 10;

  private BuildFiles() {}

  /** The one regular file the pattern names, relative to the workspace. */
  public static Path resolve(Path workspace, String pattern) {
    if (!isGlob(pattern)) {
      Path file;
      try {
        file = workspace.resolve(pattern).normalize();
      } catch (InvalidPathException e) {
        throw new IllegalArgumentException("'" + pattern + "' is not a valid path");
      }
      if (Files.isDirectory(file)) {
        throw new IllegalArgumentException(
            "'"
                + pattern
                + "' is a directory; give a single file (zip a folder or an .app bundle first)");
      }
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException(
            "'" + pattern + "' does not exist (looked in " + workspace + ")");
      }
      return file;
    }
    List<Path> matches = glob(workspace, pattern);
    if (matches.size() == 1) {
      return matches.get(0);
    }
    if (matches.isEmpty()) {
      throw new IllegalArgumentException(
          "the glob '" + pattern + "' matches no file in " + workspace);
    }
    var listed =
        matches.stream()
            .limit(LISTED_MATCHES)
            .map(p -> workspace.relativize(p).toString())
            .toList();
    String more =
        matches.size() > LISTED_MATCHES
            ? " and " + (matches.size() - LISTED_MATCHES) + " more"
            : "";
    throw new IllegalArgumentException(
        "the glob '"
            + pattern
            + "' must match exactly one file but matches "
            + matches.size()
            + ": "
            + String.join(", ", listed)
            + more);
  }

  private static boolean isGlob(String pattern) {
    return pattern.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
  }

  private static List<Path> glob(Path workspace, String pattern) {
    PathMatcher matcher;
    PathMatcher rootMatcher = null;
    try {
      matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
      // As in @actions/glob, "**/" also matches zero folders.
      if (pattern.startsWith("**/")) {
        rootMatcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern.substring(3));
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + pattern + "' is not a valid glob: " + e.getMessage());
    }
    var matches = new ArrayList<Path>();
    Path start = literalPrefix(workspace, pattern);
    if (!Files.isDirectory(start)) {
      return matches;
    }
    try (Stream<Path> files = Files.walk(start)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path relative = workspace.relativize(file);
        boolean match =
            matcher.matches(relative) || (rootMatcher != null && rootMatcher.matches(relative));
        if (match && Files.isRegularFile(file)) {
          matches.add(file);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw new IllegalArgumentException(
          "could not search " + workspace + " for '" + pattern + "': " + e.getMessage());
    }
    matches.sort(null);
    return matches;
  }

  /** The deepest folder named literally at the start of the glob: no need to walk above it. */
  private static Path literalPrefix(Path workspace, String pattern) {
    Path start = workspace;
    String[] segments = pattern.split("/");
    for (int i = 0; i < segments.length - 1 && !isGlob(segments[i]); i++) {
      start = start.resolve(segments[i]);
    }
    return start.normalize();
  }

  /**
   * The path with '..' and every symbolic link resolved, for the part of it that exists; the rest
   * (a results folder not made yet) is appended as written.
   */
  public static Path realPath(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    Path existing = absolute;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return absolute;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
    } catch (IOException e) {
      return absolute;
    }
  }

  static boolean isEmpty(Path file) {
    try {
      return Files.size(file) == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** The platform the official CLI infers from the extension; empty for archives and unknowns. */
  public static Optional<Platform> platformOf(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    String extension = name.substring(name.lastIndexOf('.') + 1);
    return Optional.ofNullable(
        switch (extension) {
          case "apk" -> Platform.ANDROID;
          case "ipa" -> Platform.IOS_NATIVE;
          case "exe", "msi" -> Platform.WINDOWS;
          case "dmg", "pkg" -> Platform.MACOS;
          case "deb", "rpm", "appimage" -> Platform.LINUX;
          default -> null;
        });
  }
}
