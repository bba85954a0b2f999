package io.github.nunuaction.runs;

import io.github.nunuaction.actions.Commands;
import io.github.nunuaction.actions.Log;
import io.github.nunuaction.config.ArtifactSelection;
import io.github.nunuaction.core.Cancellation.Cancelled;
import io.github.nunuaction.core.Formats;
import io.github.nunuaction.http.ApiException;
import io.github.nunuaction.nunu.NunuApi;
import io.github.nunuaction.nunu.RunDetails.Artifact;
import io.github.nunuaction.nunu.RunDetails.Player;
import io.github.nunuaction.results.JobResult;
import io.github.nunuaction.results.Results;
import io.github.nunuaction.results.RunResult;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Downloads the artifacts that {@code download-artifacts} selects into {@code
 * results-dir/artifacts/<run>/<player>/<file>}. Names come from the API, so every path segment is
 * sanitized and the result must stay inside the folder. A failed download is a warning: the verdict
 * is already known.
 */
public final class ArtifactDownloads {
  private final NunuApi api;
  private final Log log;

  public ArtifactDownloads(NunuApi api, Log log) {
    this.api = api;
    this.log = log;
  }

  /** Returns artifact URL → downloaded path, relative to {@code resultsDir}. */
  /**
   * @param runs which runs' artifacts (download-artifacts-when: all, or only failed ones)
   */
  public Map<String, String> download(
      Results results, ArtifactSelection selection, Predicate<RunResult> runs, Path resultsDir) {
    var downloaded = new LinkedHashMap<String, String>();
    if (selection.none()) {
      return downloaded;
    }
    Path base = resultsDir.resolve("artifacts").normalize();
    long bytes = 0;
    try {
      for (JobResult job : results.jobs()) {
        for (RunResult run : job.runs()) {
          if (run.details() == null || !runs.test(run)) {
            continue;
          }
          for (Player player : run.details().players()) {
            for (Artifact artifact : artifactsOf(player)) {
              if (!selection.matches(artifact.filename())) {
                continue;
              }
              Path target = target(base, run.runId(), player.id(), artifact.filename());
              if (target == null || !fetch(artifact, target)) {
                continue;
              }
              downloaded.put(artifact.url(), resultsDir.relativize(target).toString());
              bytes += sizeOf(target);
            }
          }
        }
      }
    } catch (Cancelled cancelled) {
      log.warning("Artifact downloads stopped: the workflow was cancelled.", "Artifacts");
    }
    log.info(
        "Downloaded "
            + downloaded.size()
            + " artifact(s), "
            + Formats.size(bytes)
            + ", into "
            + base);
    return downloaded;
  }

  /** Get Run lists each player's artifacts; the artifacts host lists them when it did not. */
  private List<Artifact> artifactsOf(Player player) {
    if (!player.artifacts().isEmpty() || player.id() == null) {
      return player.artifacts();
    }
    try {
      return api.artifacts(player.id());
    } catch (ApiException e) {
      log.warning(
          "Could not list the artifacts of "
              + Commands.oneLine(player.id())
              + ": "
              + e.getMessage(),
          "Artifacts");
      return List.of();
    }
  }

  private boolean fetch(Artifact artifact, Path target) {
    URI url;
    try {
      url = URI.create(artifact.url());
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("https") && !scheme.equals("http") || url.getHost() == null) {
        throw new IllegalArgumentException("not an http(s) URL");
      }
    } catch (IllegalArgumentException | NullPointerException e) {
      log.warning(
          "Skipped artifact " + Commands.oneLine(artifact.filename()) + ": its URL is not usable.",
          "Artifacts");
      return false;
    }
    try {
      Files.createDirectories(target.getParent());
      api.download("artifact " + Commands.oneLine(artifact.filename()), url, target);
      return true;
    } catch (ApiException | IOException e) {
      log.warning(
          "Could not download artifact "
              + Commands.oneLine(artifact.filename())
              + ": "
              + e.getMessage(),
          "Artifacts");
      return false;
    }
  }

  /** {@code base/run/player/name}, every segment made safe; null when nothing usable is left. */
  static Path target(Path base, String runId, String playerId, String filename) {
    var segments = new ArrayList<String>();
    segments.add(safe(runId));
    segments.add(safe(playerId));
    for (String segment : (filename == null ? "" : filename).split("[/\\\\]")) {
      String clean = safe(segment);
      if (!clean.isEmpty()) {
        segments.add(clean);
      }
    }
    if (segments.size() < 3 || segments.get(0).isEmpty() || segments.get(1).isEmpty()) {
      return null;
    }
    Path target = base;
    for (String segment : segments) {
      target = target.resolve(segment);
    }
    target = target.normalize();
    return target.startsWith(base) ? target : null;
  }

  private static String safe(String segment) {
    if (segment == null) {
      return "";
    }
    String clean = segment.replaceAll("[^A-Za-z0-9._-]", "_");
    clean = clean.replaceAll("^\\.+", "");
    return clean.length() > 120 ? clean.substring(0, 120) : clean;
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }
}
