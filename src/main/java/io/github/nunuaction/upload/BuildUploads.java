package io.github.nunuaction.upload;

import io.github.nunuaction.actions.Log;
import io.github.nunuaction.config.BuildFiles;
import io.github.nunuaction.config.Inputs.ExistingBuild;
import io.github.nunuaction.config.Inputs.FileToUpload;
import io.github.nunuaction.config.Inputs.NamedBuild;
import io.github.nunuaction.config.Inputs.NoBuild;
import io.github.nunuaction.core.Cancellation;
import io.github.nunuaction.core.Cancellation.Cancelled;
import io.github.nunuaction.core.Clock;
import io.github.nunuaction.nunu.NunuApi;
import io.github.nunuaction.nunu.UploadRequest;
import io.github.nunuaction.results.RoleBuild;
import io.github.nunuaction.results.UploadedBuild;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Uploads the files a step names (a main build, extra apps, a build per player) side by side. They
 * share one budget of {@code upload-parallelism} requests to storage; each keeps its own state
 * machine, retries and abort. When one fails for good, the others are cancelled (and aborted on
 * nunu), and the first failure is what the step reports. A file named twice is uploaded once.
 */
public final class BuildUploads {
  private final NunuApi api;
  private final Log log;
  private final Clock clock;
  private final Cancellation cancellation;

  public BuildUploads(NunuApi api, Log log, Clock clock, Cancellation cancellation) {
    this.api = api;
    this.log = log;
    this.clock = clock;
    this.cancellation = cancellation;
  }

  /**
   * Every named build by role, main first: files uploaded (each once, side by side), ids as given.
   *
   * @param parallelism how many requests to storage may run at once, all uploads together
   */
  public List<RoleBuild> resolve(
      List<NamedBuild> named, UploadRequest.Details details, List<String> tags, int parallelism) {
    List<FileToUpload> files = files(named);
    Map<Path, UploadedBuild> uploaded =
        files.isEmpty() ? Map.of() : upload(files, details, tags, parallelism);
    var builds = new ArrayList<RoleBuild>();
    for (NamedBuild build : named) {
      String role = build.role();
      switch (build.build()) {
        case FileToUpload file -> {
          UploadedBuild done = uploaded.get(BuildFiles.realPath(file.file()));
          builds.add(new RoleBuild(role, done.buildId(), done));
        }
        case ExistingBuild existing -> {
          builds.add(new RoleBuild(role, existing.buildId(), null));
          log.info(
              "Using the uploaded build "
                  + existing.buildId()
                  + (role.equals(RoleBuild.MAIN) ? "" : " as " + role));
        }
        case NoBuild none -> {}
      }
    }
    return builds;
  }

  /** The files among the named builds. */
  public static List<FileToUpload> files(List<NamedBuild> named) {
    return named.stream()
        .map(NamedBuild::build)
        .filter(FileToUpload.class::isInstance)
        .map(FileToUpload.class::cast)
        .toList();
  }

  /** What the log's group around the uploads is called: the file, or how many there are. */
  public static String title(List<FileToUpload> files) {
    long distinct = files.stream().map(file -> BuildFiles.realPath(file.file())).distinct().count();
    return distinct == 1
        ? "Upload " + files.get(0).file().getFileName()
        : "Upload " + distinct + " builds";
  }

  /**
   * Uploads each distinct file once; returns what each file (by real path) became.
   *
   * @param parallelism how many requests to storage may run at once, all uploads together
   */
  public Map<Path, UploadedBuild> upload(
      List<FileToUpload> files, UploadRequest.Details details, List<String> tags, int parallelism) {
    var distinct = new LinkedHashMap<Path, FileToUpload>();
    files.forEach(file -> distinct.putIfAbsent(BuildFiles.realPath(file.file()), file));
    var uploaded = new LinkedHashMap<Path, UploadedBuild>();
    if (distinct.size() == 1) {
      var only = distinct.entrySet().iterator().next();
      uploaded.put(
          only.getKey(),
          new BuildUploader(api, log, clock, cancellation).upload(only.getValue(), details, tags));
      return uploaded;
    }
    // One token for the group: the workflow's cancellation, or the first upload that fails.
    Cancellation group = Cancellation.none();
    var streams = new Semaphore(parallelism);
    var running = new LinkedHashMap<Path, Future<UploadedBuild>>();
    try (var pool = Executors.newFixedThreadPool(Math.min(distinct.size(), parallelism));
        var linked = cancellation.onCancel(() -> group.cancel(cancellation.signal()))) {
      for (var file : distinct.entrySet()) {
        String name = file.getValue().file().getFileName().toString();
        var uploader =
            new BuildUploader(api.withCancellation(group), log.prefixed(name + ": "), clock, group);
        running.put(
            file.getKey(),
            pool.submit(
                () -> {
                  try {
                    return uploader.upload(file.getValue(), details, tags, streams);
                  } catch (RuntimeException e) {
                    if (group.cancel("upload")) {
                      log.info(name + " could not be uploaded; cancelling the other uploads.");
                    }
                    throw e;
                  }
                }));
      }
      RuntimeException first = null;
      for (var upload : running.entrySet()) {
        try {
          uploaded.put(upload.getKey(), upload.getValue().get());
        } catch (ExecutionException e) {
          RuntimeException cause =
              e.getCause() instanceof RuntimeException runtime
                  ? runtime
                  : new IllegalStateException(e.getCause());
          // The failure that stopped the group, not the cancellations it caused.
          if (first == null || first instanceof Cancelled && !(cause instanceof Cancelled)) {
            first = cause;
          }
        } catch (InterruptedException e) {
          group.cancel(cancellation.signal());
          cancellation.throwIfCancelled();
          throw new Cancelled(null);
        }
      }
      if (first != null) {
        cancellation.throwIfCancelled();
        throw first;
      }
    }
    return uploaded;
  }
}
