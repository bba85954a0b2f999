package io.github.nunuaction.config;

import io.github.nunuaction.config.Inputs.Build;
import io.github.nunuaction.config.Inputs.DeletionPolicy;
import io.github.nunuaction.config.Inputs.ExistingBuild;
import io.github.nunuaction.config.Inputs.FileToUpload;
import io.github.nunuaction.config.Inputs.NoBuild;
import io.github.nunuaction.config.Inputs.Platform;
import java.nio.file.Path;
import java.util.List;

/**
 * The build inputs: which file to upload (or build id to use, or none), the {@code build-*}
 * settings every uploaded file shares, and the file a build input names, inside the workspace.
 */
final class BuildInputs {
  private final InputReader in;
  private UploadSettings settings;

  BuildInputs(InputReader in) {
    this.in = in;
    this.settings = uploadSettings();
  }

  /** The build-* inputs, which every file the step uploads shares. */
  private record UploadSettings(
      String name,
      String description,
      List<String> tags,
      boolean autoDelete,
      DeletionPolicy policy,
      Integer uploadTimeout,
      int parallelism,
      boolean reuse) {}

  private UploadSettings uploadSettings() {
    int parallelism = in.integer("upload-parallelism", 16, 1, 32);
    Integer uploadTimeout =
        in.text("build-upload-timeout") == null
            ? null
            : in.integer("build-upload-timeout", 0, 1, 1440);
    boolean autoDelete = in.bool("build-auto-delete", false);
    DeletionPolicy policy =
        in.choice(
            "build-deletion-policy",
            DeletionPolicy.LEAST_RECENT,
            DeletionPolicy.values(),
            DeletionPolicy::apiName);
    String description = in.text("build-description");
    if (description != null && description.length() > 1000) {
      in.problem(
          "build-description", "must be at most 1000 characters, got " + description.length());
    }
    List<String> tags = in.list("build-tags");
    for (String tag : tags) {
      if (tag.length() > 50) {
        in.problem(
            "build-tags",
            "each tag must be 1-50 characters; '"
                + tag.substring(0, 50)
                + "…' has "
                + tag.length());
      }
    }
    String name = in.text("build-name");
    if (name != null && name.length() > 255) {
      in.problem("build-name", "must be at most 255 characters, got " + name.length());
    }
    return new UploadSettings(
        name,
        description,
        tags,
        autoDelete,
        policy,
        uploadTimeout,
        parallelism,
        in.bool("reuse-build", true));
  }

  Build build(boolean runRequested) {
    String buildFile = in.text("build-file");
    String buildId = in.uuid("build-id");
    Platform platform = in.choice("build-platform", null, Platform.values(), Platform::apiName);
    if (buildFile != null && in.text("build-id") != null) {
      in.problem(
          "build-file",
          "build-file and build-id exclude each other: upload a file, or reuse an uploaded build");
      return new NoBuild();
    }
    if (buildFile == null) {
      if (!runRequested) {
        in.problem(
            "build-file",
            "nothing to do: set build-file to upload a build, and/or test-id, test-plan-id or instructions to start a run");
      }
      return buildId == null ? new NoBuild() : new ExistingBuild(buildId);
    }
    if (platform == null && in.text("build-platform") != null) {
      return new NoBuild(); // reported by in.choice()
    }
    Build file = fileToUpload("build-file", buildFile, platform, null);
    return file == null ? new NoBuild() : file;
  }

  /**
   * The file {@code pattern} names, to upload; null after reporting a problem with {@code input}.
   *
   * @param platform the platform, or null to tell it from the file's extension
   * @param role what the file is for ({@code player-2}), added to the default name; null for the
   *     main build
   */
  FileToUpload fileToUpload(String input, String pattern, Platform platform, String role) {
    String about = role == null ? "" : role + ": ";
    Path file;
    try {
      file = BuildFiles.resolve(in.workspace(), pattern);
    } catch (IllegalArgumentException e) {
      in.problem(input, about + e.getMessage());
      return null;
    }
    if (!in.insideWorkspace(input, file)) {
      return null;
    }
    if (BuildFiles.isEmpty(file)) {
      in.problem(
          input,
          about
              + "'"
              + pattern
              + "' is empty (0 bytes): the build step produced nothing to upload; check its output");
      return null;
    }
    if (platform == null) {
      platform = BuildFiles.platformOf(file).orElse(null);
      if (platform == null) {
        in.problem(
            role == null ? "build-platform" : input,
            role == null
                ? "is needed: the platform of '"
                    + file.getFileName()
                    + "' cannot be told from its extension; set it to one of "
                    + InputReader.names(Platform.values(), Platform::apiName)
                : about
                    + "the platform of '"
                    + file.getFileName()
                    + "' cannot be told from its extension (.apk, .ipa, .exe, .msi, .dmg, .pkg,"
                    + " .deb, .rpm, .AppImage); upload it in a step of its own (build-file with"
                    + " build-platform) and give its build-id here");
        return null;
      }
    }
    String name = settings.name() != null ? settings.name() : defaultBuildName(file);
    if (role != null) {
      name = (name.length() > 240 ? name.substring(0, 240) : name) + " (" + role + ")";
    }
    return new FileToUpload(
        pattern,
        file,
        name,
        platform,
        settings.description(),
        settings.tags(),
        settings.autoDelete(),
        settings.policy(),
        settings.uploadTimeout(),
        settings.parallelism(),
        settings.reuse());
  }

  private String defaultBuildName(Path file) {
    String repository = in.context().repository();
    String runNumber = in.context().runNumber();
    String name =
        repository == null
            ? file.getFileName().toString()
            : repository + (runNumber == null ? "" : " #" + runNumber);
    return name.length() > 255 ? name.substring(0, 255) : name;
  }
}
