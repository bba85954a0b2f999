package io.github.nunuaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The release names the image by digest: the script that writes the release commit's action.yml
 * writes {@code docker://…:X.Y.Z@sha256:…} and nothing else, and the release workflow gives it the
 * image build step's digest, and moves the major tag only after everything else succeeded.
 */
class ReleaseTest {
  static final String DIGEST =
      "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @TempDir Path dir;

  record Run(int exitCode, String output) {}

  Run pin(String image, String version, String digest, Path actionYml) throws Exception {
    var process =
        new ProcessBuilder(
                "bash", ".github/scripts/pin-image", image, version, digest, actionYml.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(process.waitFor(), output);
  }

  Path copyOfActionYml() throws IOException {
    Path copy = dir.resolve("action.yml");
    Files.copy(Path.of("action.yml"), copy);
    return copy;
  }

  @Test
  void theReleaseCommitNamesTheImageByTagAndDigest() throws Exception {
    Path actionYml = copyOfActionYml();

    Run run = pin("ghcr.io/studio/nunu-action", "1.4.2", DIGEST, actionYml);

    assertThat(run.exitCode()).as(run.output()).isZero();
    List<String> lines = Files.readAllLines(actionYml);
    assertThat(lines)
        .contains("  image: 'docker://ghcr.io/studio/nunu-action:1.4.2@" + DIGEST + "'")
        .noneMatch(line -> line.contains("'Dockerfile'"));
    assertThat(lines).hasSameSizeAs(Files.readAllLines(Path.of("action.yml")));
  }

  @ParameterizedTest(name = "{3}")
  @CsvSource({
    "ghcr.io/studio/nunu-action, 1.4.2, , no digest",
    "ghcr.io/studio/nunu-action, 1.4.2, sha256:0123, a short digest",
    "ghcr.io/studio/nunu-action, 1.4.2, 1.4.2, a tag for a digest",
    "ghcr.io/studio/nunu-action, v1.4, " + DIGEST + ", a version that is not X.Y.Z",
    "docker.io/studio/nunu-action, 1.4.2, " + DIGEST + ", another registry",
    "ghcr.io/Studio/Nunu-Action, 1.4.2, " + DIGEST + ", upper case"
  })
  void anythingElseIsRefusedAndLeavesActionYmlAsItWas(
      String image, String version, String digest, String why) throws Exception {
    Path actionYml = copyOfActionYml();

    Run run = pin(image, version, digest == null ? "" : digest, actionYml);

    assertThat(run.exitCode()).as(why).isNotZero();
    assertThat(run.output()).startsWith("pin-image: ");
    assertThat(Files.readString(actionYml)).isEqualTo(Files.readString(Path.of("action.yml")));
  }

  @Test
  void aFileThatIsPinnedAlreadyIsRefused() throws Exception {
    Path actionYml = copyOfActionYml();
    assertThat(pin("ghcr.io/studio/nunu-action", "1.4.2", DIGEST, actionYml).exitCode()).isZero();

    Run again = pin("ghcr.io/studio/nunu-action", "1.4.3", DIGEST, actionYml);

    assertThat(again.exitCode()).isNotZero();
    assertThat(again.output()).contains("must hold exactly one line");
  }

  /** The workflow passes the digest the build step output, and moves vX last. */
  @Test
  void theReleaseWorkflowPinsTheBuiltDigestAndMovesTheMajorTagLast() throws Exception {
    String workflow = Files.readString(Path.of(".github/workflows/release.yml"));

    assertThat(workflow)
        .contains("DIGEST: ${{ steps.image.outputs.digest }}")
        .contains("bash .github/scripts/pin-image \"$IMAGE\" \"$VERSION\" \"$DIGEST\" action.yml")
        .contains("sbom: true")
        .contains("provenance: mode=max")
        .contains("push-to-registry: true")
        .contains("environment: release");
    int build = workflow.indexOf("uses: docker/build-push-action@");
    int attest = workflow.indexOf("uses: actions/attest-build-provenance@");
    int pin = workflow.indexOf("bash .github/scripts/pin-image");
    int release = workflow.indexOf("gh release edit \"v$VERSION\" --draft=false");
    int major = workflow.indexOf("git push --force origin \"$MAJOR\"");
    assertThat(List.of(build, attest, pin, release, major)).doesNotContain(-1).isSorted();
    assertThat(workflow.substring(0, build)).doesNotContain("$MAJOR\"");
  }
}
