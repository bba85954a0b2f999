package io.github.nunuaction.review;

import io.github.nunuaction.actions.Log;
import io.github.nunuaction.config.BuildFiles;
import io.github.nunuaction.http.ApiException;
import io.github.nunuaction.http.LocalFileException;
import io.github.nunuaction.nunu.KnowledgeFile;
import io.github.nunuaction.nunu.NunuApi;
import io.github.nunuaction.results.Knowledge;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the agents knew (API.md 2.6): the knowledge files in scope of the run, and how the project's
 * files differ from a folder of the workspace. A file's {@code etag} is compared with the MD5 of
 * the local file only when it is a plain MD5 (32 hex digits, as S3-compatible stores give for files
 * uploaded in one piece); any other ETag (a multipart upload's {@code …-N}) cannot be compared.
 * Metadata sidecars ({@code .{name}.meta.json}, seed 004) describe files and are not files of their
 * own, on either side; other hidden local files are left out too. The folder is read file by file
 * inside the workspace: a link that leads outside it is skipped with a warning, never read.
 */
final class KnowledgeCheck {
  private static final int MAX_FILES = 10_000;
  private static final Pattern MD5 = Pattern.compile("[0-9a-fA-F]{32}");
  private static final Pattern SIDECAR = Pattern.compile("(^|/)\\.[^/]+\\.meta\\.json$");

  private final NunuApi api;
  private final Path workspace;
  private final Log log;

  public KnowledgeCheck(NunuApi api, Path workspace, Log log) {
    this.api = api;
    this.workspace = workspace;
    this.log = log;
  }

  /**
   * The listing, compared with {@code folder} when one is given. A refusal (403: the key may not
   * read knowledge) is kept as the knowledge's problem, not thrown.
   */
  public Knowledge check(String agentId, String testCaseId, Path folder) {
    List<KnowledgeFile> files;
    try {
      files = api.knowledge(agentId, testCaseId);
    } catch (ApiException e) {
      return Knowledge.unavailable(e.getMessage());
    }
    var listed =
        files.stream()
            .map(
                f ->
                    new Knowledge.File(
                        f.scope(), f.path(), f.size(), f.uploaded(), f.etag(), f.description()))
            .toList();
    return new Knowledge(listed, folder == null ? null : drift(files, folder), null);
  }

  private Knowledge.Drift drift(List<KnowledgeFile> files, Path folder) {
    Map<String, String> inNunu = new TreeMap<>();
    files.stream()
        .filter(f -> "project".equals(f.scope()) && !SIDECAR.matcher(f.path()).find())
        .forEach(f -> inNunu.put(f.path(), unquoted(f.etag())));
    Map<String, String> local = localFiles(folder);
    var missing = new ArrayList<String>();
    var different = new ArrayList<String>();
    var uncomparable = new ArrayList<String>();
    local.forEach(
        (path, md5) -> {
          String etag = inNunu.get(path);
          if (etag == null) {
            missing.add(path);
          } else if (!MD5.matcher(etag).matches()) {
            uncomparable.add(path);
          } else if (!md5.equalsIgnoreCase(etag)) {
            different.add(path);
          }
        });
    var extra = inNunu.keySet().stream().filter(path -> !local.containsKey(path)).toList();
    return new Knowledge.Drift(
        List.copyOf(missing), extra, List.copyOf(different), List.copyOf(uncomparable));
  }

  /**
   * Path (with '/') → MD5 hex of every regular file under {@code folder}, hidden ones aside; a file
   * whose real path is outside the workspace (through a link) is skipped.
   */
  private Map<String, String> localFiles(Path folder) {
    var files = new TreeMap<String, String>();
    Path root = BuildFiles.realPath(workspace);
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path file : walk.filter(Files::isRegularFile).limit(MAX_FILES).toList()) {
        String path = folder.relativize(file).toString().replace('\\', '/');
        if (path.startsWith(".") || path.contains("/.")) {
          continue;
        }
        if (!BuildFiles.realPath(file).startsWith(root)) {
          log.warning(
              "knowledge-dir: "
                  + path
                  + " is a link that leads outside the workspace; it was skipped, not read.",
              "Knowledge");
          continue;
        }
        files.put(path, md5(file));
      }
    } catch (IOException e) {
      throw new LocalFileException("Could not read knowledge-dir " + folder + ": " + e, e);
    }
    return files;
  }

  private static String md5(Path file) throws IOException {
    MessageDigest md5;
    try {
      md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has MD5", e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), md5)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(md5.digest()).toLowerCase(Locale.ROOT);
  }

  private static String unquoted(String etag) {
    return etag == null ? "" : etag.replace("\"", "");
  }
}
