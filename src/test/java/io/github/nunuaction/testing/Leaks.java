package io.github.nunuaction.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nunuaction.testing.ActionHarness.Result;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Scans everything an invocation produced for credentials: the API key may appear once, in the
 * {@code ::add-mask::} that must be the first line printed; presigned-URL signatures never.
 */
public final class Leaks {
  private Leaks() {}

  public static void assertNone(Result result, String apiKey, List<String> signatures) {
    Map<String, String> captured = everything(result);
    String stdout = result.stdout();
    if (stdout.contains(apiKey)) {
      assertThat(stdout)
          .as("the key is masked before anything else is printed")
          .startsWith("::add-mask::" + apiKey + "\n");
    }
    // The masks come first, one line per secret; nothing after them may show a secret.
    String rest = stdout;
    while (rest.startsWith("::add-mask::")) {
      rest = rest.substring(rest.indexOf('\n') + 1);
    }
    captured.put("stdout", rest);
    captured.forEach(
        (where, text) -> {
          assertThat(text).as("the API key in %s", where).doesNotContain(apiKey);
          for (String signature : signatures) {
            assertThat(text)
                .as("a presigned URL's signature in %s", where)
                .doesNotContain(signature);
          }
        });
  }

  /** stdout, stderr, the file commands, and every file in the workspace the action wrote. */
  static Map<String, String> everything(Result result) {
    var captured = new LinkedHashMap<String, String>();
    captured.put("stdout", result.stdout());
    captured.put("stderr", result.stderr());
    captured.put("GITHUB_OUTPUT", result.outputFile());
    captured.put("GITHUB_STEP_SUMMARY", result.summary());
    captured.put("GITHUB_STATE", result.stateFile());
    Path results = result.workspace().resolve("nunu-results");
    if (Files.isDirectory(results)) {
      try (Stream<Path> files = Files.walk(results)) {
        files
            .filter(Files::isRegularFile)
            .forEach(
                file -> {
                  try {
                    // Latin-1 reads any bytes; the secrets are ASCII.
                    captured.put(
                        result.workspace().relativize(file).toString(),
                        new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return captured;
  }
}
