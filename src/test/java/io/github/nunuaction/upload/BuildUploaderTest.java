package io.github.nunuaction.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.nunuaction.config.Identity;
import io.github.nunuaction.config.Inputs.DeletionPolicy;
import io.github.nunuaction.config.Inputs.FileToUpload;
import io.github.nunuaction.config.Inputs.Platform;
import io.github.nunuaction.core.Cancellation;
import io.github.nunuaction.http.ApiException;
import io.github.nunuaction.nunu.NunuApi;
import io.github.nunuaction.nunu.UploadRequest;
import io.github.nunuaction.results.UploadedBuild;
import io.github.nunuaction.simulator.NunuSimulator;
import io.github.nunuaction.simulator.NunuSimulator.Recorded;
import io.github.nunuaction.testing.RecordingLog;
import io.github.nunuaction.testing.SimulatorClient;
import io.github.nunuaction.testing.VirtualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The uploader on its own, against the simulated nunu over real HTTP: single-part and multipart,
 * reuse of an identical build (and only of one), and the abort after a failure.
 */
class BuildUploaderTest {
  private static final int SIZE = 700 * 1024 + 17;

  @TempDir Path workspace;
  private NunuSimulator nunu;
  private BuildUploader uploader;
  private final RecordingLog log = new RecordingLog();
  private Path file;
  private byte[] bytes;

  @BeforeEach
  void setUp() throws IOException {
    nunu = NunuSimulator.start();
    var clock = new VirtualClock();
    NunuApi api = SimulatorClient.connect(nunu, clock, log);
    uploader = new BuildUploader(api, log, clock, Cancellation.none());
    bytes = new byte[SIZE];
    new Random(7).nextBytes(bytes);
    file = Files.write(workspace.resolve("game.apk"), bytes);
  }

  @AfterEach
  void tearDown() {
    nunu.close();
  }

  @Test
  void aSmallBuildGoesInOnePieceWithItsTagsAndIsCompleted() {
    UploadedBuild uploaded = uploader.upload(build(false), details(), List.of("nunu-run:abc"));

    assertThat(uploaded.uploadType()).isEqualTo("single-part");
    assertThat(uploaded.parts()).isEqualTo(1);
    assertThat(uploaded.bytes()).isEqualTo(SIZE);
    assertThat(nunu.uploadedBytes(uploaded.buildId())).isEqualTo(bytes);
    assertThat(nunu.uploadState(uploaded.buildId())).isEqualTo("COMPLETED");
    assertThat(initiate().json().path("tags").toString()).contains("ci", "nunu-run:abc");
  }

  @Test
  void aLargeBuildGoesInPartsWithTheirExactBytes() {
    nunu.multipartAbove(100_000, 256 * 1024);

    UploadedBuild uploaded = uploader.upload(build(false), details(), List.of());

    assertThat(uploaded.uploadType()).isEqualTo("multipart");
    assertThat(uploaded.parts()).isEqualTo(3);
    assertThat(nunu.uploadedBytes(uploaded.buildId())).isEqualTo(bytes);
    assertThat(nunu.uploadState(uploaded.buildId())).isEqualTo("COMPLETED");
  }

  @Test
  void anIdenticalBuildIsReusedAndNothingIsSentTwice() {
    UploadedBuild first = uploader.upload(build(true), details(), List.of());

    UploadedBuild second = uploader.upload(build(true), details(), List.of());

    assertThat(second.reused()).isTrue();
    assertThat(second.buildId()).isEqualTo(first.buildId());
    assertThat(nunu.requests().stream().filter(BuildUploaderTest::isInitiate)).hasSize(1);
  }

  @Test
  void aListedBuildOfTheSameSizeButOtherBytesIsNotReused() {
    // A server that ignores the tag filter lists a build of the same size with other content.
    nunu.ignoreListFilters(true);
    nunu.addForeignBuild(SIZE, List.of(Identity.contentTag("0".repeat(64))));

    UploadedBuild uploaded = uploader.upload(build(true), details(), List.of());

    assertThat(uploaded.reused()).isFalse();
    assertThat(nunu.uploadedBytes(uploaded.buildId())).isEqualTo(bytes);
  }

  @Test
  void aPartThatKeepsFailingAbortsTheUpload() {
    nunu.multipartAbove(100_000, 256 * 1024).failPart(2);

    assertThatThrownBy(() -> uploader.upload(build(false), details(), List.of()))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("HTTP 500");

    assertThat(nunu.uploadState(reservedBuild())).isEqualTo("CANCELLED");
  }

  @Test
  void withParallelPartsABuildAbove256MiBIsSentInPartsAndOneStreamKeepsTheServersChoice() {
    long big = BuildUploader.PARALLEL_PARTS_ABOVE + 1;
    FileToUpload parallel = build(false);
    FileToUpload oneStream = withParallelism(parallel, 1);

    assertThat(BuildUploader.initiateRequest(parallel, big, details(), List.of()).multipart())
        .isTrue();
    assertThat(
            BuildUploader.initiateRequest(
                    parallel, BuildUploader.PARALLEL_PARTS_ABOVE, details(), List.of())
                .multipart())
        .isFalse();
    assertThat(BuildUploader.initiateRequest(oneStream, big, details(), List.of()).multipart())
        .isFalse();
    assertThat(
            BuildUploader.initiateRequest(
                    oneStream, BuildUploader.FORCE_MULTIPART_ABOVE + 1, details(), List.of())
                .multipart())
        .isTrue();
  }

  private static FileToUpload withParallelism(FileToUpload upload, int parallelism) {
    return new FileToUpload(
        upload.pattern(),
        upload.file(),
        upload.name(),
        upload.platform(),
        upload.description(),
        upload.tags(),
        upload.autoDelete(),
        upload.deletionPolicy(),
        upload.uploadTimeoutMinutes(),
        parallelism,
        upload.reuse());
  }

  private FileToUpload build(boolean reuse) {
    return new FileToUpload(
        "game.apk",
        file,
        "game.apk",
        Platform.ANDROID,
        "a test build",
        List.of("ci"),
        false,
        DeletionPolicy.LEAST_RECENT,
        null,
        4,
        reuse);
  }

  private static UploadRequest.Details details() {
    return new UploadRequest.Details(
        null, null, new UploadRequest.Upload("github-action", "test", null));
  }

  private Recorded initiate() {
    return nunu.requests().stream().filter(BuildUploaderTest::isInitiate).findFirst().orElseThrow();
  }

  /** The build the uploader reserved, as its log says. */
  private String reservedBuild() {
    return log.lines().stream()
        .filter(line -> line.startsWith("Reserved build "))
        .map(line -> line.split(" ")[2])
        .findFirst()
        .orElseThrow();
  }

  private static boolean isInitiate(Recorded request) {
    return request.method().equals("POST") && request.path().endsWith("/builds/upload");
  }
}
