package io.github.nunuaction.upload;

import io.github.nunuaction.actions.Log;
import io.github.nunuaction.config.Identity;
import io.github.nunuaction.config.Inputs.FileToUpload;
import io.github.nunuaction.core.Cancellation;
import io.github.nunuaction.core.Cancellation.Cancelled;
import io.github.nunuaction.core.Clock;
import io.github.nunuaction.core.Formats;
import io.github.nunuaction.http.ApiException;
import io.github.nunuaction.http.HttpStep.FileRegion;
import io.github.nunuaction.http.LocalFileException;
import io.github.nunuaction.nunu.Build;
import io.github.nunuaction.nunu.BuildFilter;
import io.github.nunuaction.nunu.Listed;
import io.github.nunuaction.nunu.NunuApi;
import io.github.nunuaction.nunu.UploadRequest;
import io.github.nunuaction.nunu.UploadTicket;
import io.github.nunuaction.results.UploadedBuild;
import io.github.nunuaction.upload.PartPlan.Part;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.IntStream;

/**
 * Uploads a build as an explicit state machine: reserve (initiate), send the bytes (one PUT, or
 * parts in parallel), complete; or, on any failure or cancellation after the reservation, abort so
 * that nunu frees the reserved storage at once. Bytes stream from the file; memory use does not
 * depend on the file's or the parts' size.
 */
public final class BuildUploader {
  /** Above this the server must use multipart; below, it decides (API.md section 3.2). */
  public static final long FORCE_MULTIPART_ABOVE = 3L * 1024 * 1024 * 1024;

  /**
   * With {@code upload-parallelism} above 1, builds above this are sent in parts too ({@code
   * multipart: true}): over a wide-area link one connection moves about window / round trip, and
   * parallel parts are what fills the link (README, "Performance", measured by
   * .ci/bench-upload-wan). Smaller builds have too few parts to gain from it.
   */
  public static final long PARALLEL_PARTS_ABOVE = 256L * 1024 * 1024;

  private static final int URL_REFRESHES = 2;
  private static final int MISSING_ETAG_RETRIES = 2;

  private final NunuApi api;
  private final Log log;
  private final Clock clock;
  private final Cancellation cancellation;

  public BuildUploader(NunuApi api, Log log, Clock clock, Cancellation cancellation) {
    this.api = api;
    this.log = log;
    this.clock = clock;
    this.cancellation = cancellation;
  }

  /**
   * Uploads the file with its description and tags; with {@code reuse-build}, first looks for the
   * identical build in nunu (same SHA-256, size, status OK) and uses it instead.
   */
  public UploadedBuild upload(
      FileToUpload upload, UploadRequest.Details details, List<String> identityTags) {
    return upload(upload, details, identityTags, new Semaphore(upload.parallelism()));
  }

  /**
   * The same, sending at most as many requests to storage at once as {@code streams} has permits,
   * which uploads running side by side share.
   */
  public UploadedBuild upload(
      FileToUpload upload,
      UploadRequest.Details details,
      List<String> identityTags,
      Semaphore streams) {
    long size = sizeOf(upload.file());
    var tags = new LinkedHashSet<>(upload.tags());
    tags.addAll(identityTags);
    if (upload.reuse()) {
      long hashing = clock.nanoTime();
      String contentTag = Identity.contentTag(ContentHash.sha256(upload.file()));
      Duration took = Duration.ofNanos(clock.nanoTime() - hashing);
      log.info(
          String.format(
              Locale.ROOT,
              "SHA-256 of %s in %.1f s (%.0f MB/s): tag %s",
              upload.file().getFileName(),
              took.toNanos() / 1e9,
              size / 1e6 / Math.max(1e-3, took.toNanos() / 1e9),
              contentTag));
      Optional<Build> identical = identical(contentTag, size);
      if (identical.isPresent()) {
        log.info(
            "nunu has this build already ("
                + identical.get().id()
                + ", same SHA-256 and size, status OK): using it, nothing to upload.");
        return UploadedBuild.reused(
            identical.get().id(), upload.file().getFileName().toString(), size);
      }
      tags.add(contentTag);
    }
    UploadTicket ticket =
        api.initiateUpload(initiateRequest(upload, size, details, List.copyOf(tags)));
    log.info(
        "Reserved build "
            + ticket.buildId()
            + (ticket.multipart()
                ? " for a multipart upload: "
                    + Formats.size(size)
                    + " in parts of "
                    + Formats.size(ticket.partSize())
                : " for a single-part upload of " + Formats.size(size)));
    long start = clock.nanoTime();
    try {
      var progress = new Progress(size, log, clock);
      int parts;
      Duration transfer;
      if (ticket.multipart()) {
        List<Part> plan = PartPlan.of(size, ticket.partSize(), ticket.totalParts());
        List<String> etags =
            uploadParts(ticket, upload.file(), plan, upload.parallelism(), streams, progress);
        transfer = Duration.ofNanos(clock.nanoTime() - start);
        complete(ticket, etags);
        parts = plan.size();
      } else {
        acquire(streams);
        try {
          api.putToStorage(
              "upload the build to storage",
              URI.create(ticket.uploadUrl()),
              body(upload.file(), 0, size, progress, new AtomicLong()));
        } finally {
          streams.release();
        }
        transfer = Duration.ofNanos(clock.nanoTime() - start);
        complete(ticket, List.of());
        parts = 1;
      }
      var uploaded =
          new UploadedBuild(
              ticket.buildId(),
              upload.file().getFileName().toString(),
              size,
              ticket.multipart() ? "multipart" : "single-part",
              parts,
              transfer,
              false);
      log.info(
          String.format(
              Locale.ROOT,
              "Uploaded build %s: %d bytes in %.1f s (%.1f MB/s transfer, %s)",
              uploaded.buildId(),
              size,
              transfer.toMillis() / 1000.0,
              uploaded.megabytesPerSecond(),
              uploaded.uploadType()));
      return uploaded;
    } catch (RuntimeException e) {
      abort(ticket);
      throw e;
    }
  }

  /**
   * Completes the upload. Completion is not documented as idempotent (API.md 5.5): when an attempt
   * whose answer was lost did complete it, the retry is refused (404 or 409), and a failure may
   * hide a completion too. So before declaring failure, ask for the build: a usable build is a
   * completed upload, which is used and never cancelled.
   */
  private void complete(UploadTicket ticket, List<String> etags) {
    try {
      api.completeUpload(ticket, etags);
    } catch (ApiException failure) {
      if (!completed(ticket.buildId())) {
        throw failure;
      }
      log.info(
          "Completing the upload failed ("
              + (failure.status() == 0 ? "no answer" : "HTTP " + failure.status())
              + "), but nunu lists build "
              + ticket.buildId()
              + " as ready: an earlier attempt completed it.");
    }
  }

  private boolean completed(String buildId) {
    try {
      return api.build(buildId).usable();
    } catch (ApiException unknown) {
      return false;
    }
  }

  /**
   * A usable build with the content tag and the same size, each checked on the build itself. A list
   * that held other builds (the server ignored the filter) is not trusted: the file is uploaded. A
   * failed lookup only means none.
   */
  private Optional<Build> identical(String contentTag, long size) {
    try {
      Listed<Build> listed = api.builds(new BuildFilter(contentTag));
      if (listed.filterIgnored()) {
        log.notice(
            "nunu's build list held "
                + listed.problem()
                + ": reuse-build cannot trust it, so the file is uploaded.",
            "nunu ignored a filter");
        return Optional.empty();
      }
      return listed.matching().stream()
          .filter(build -> Long.valueOf(size).equals(build.fileSize()))
          .findFirst();
    } catch (ApiException e) {
      log.warning(
          "Could not look for an identical build (" + e.getMessage() + "); uploading it.",
          "Reuse build");
      return Optional.empty();
    }
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new LocalFileException(
          "Could not read the build file " + file + ": " + e.getMessage(), e);
    }
  }

  static UploadRequest initiateRequest(
      FileToUpload upload, long size, UploadRequest.Details details, List<String> tags) {
    return new UploadRequest(
        upload.name(),
        upload.file().getFileName().toString(),
        size,
        upload.platform().apiName(),
        upload.description(),
        size > FORCE_MULTIPART_ABOVE || upload.parallelism() > 1 && size > PARALLEL_PARTS_ABOVE,
        upload.autoDelete(),
        upload.deletionPolicy().apiName(),
        upload.uploadTimeoutMinutes(),
        tags,
        details);
  }

  /**
   * Sends the parts with at most {@code parallelism} in flight. URLs are fetched in batches just
   * before their parts go, so that none waits long enough to expire; the first failure stops new
   * parts and interrupts running ones.
   */
  private List<String> uploadParts(
      UploadTicket ticket,
      Path file,
      List<Part> plan,
      int parallelism,
      Semaphore streams,
      Progress progress) {
    var etags = new AtomicReferenceArray<String>(plan.size());
    var failure = new AtomicReference<RuntimeException>();
    var slots = new Semaphore(parallelism);
    int batch = Math.max(3, Math.min(10, parallelism));
    ExecutorService pool =
        Executors.newFixedThreadPool(
            parallelism,
            runnable -> {
              Thread thread = new Thread(runnable, "nunu-upload-part");
              thread.setDaemon(true);
              return thread;
            });
    try (var interrupt = cancellation.interruptOnCancel()) {
      for (int from = 0; from < plan.size() && failure.get() == null; from += batch) {
        List<Part> next = plan.subList(from, Math.min(plan.size(), from + batch));
        Map<Integer, URI> urls =
            api.partUrls(
                ticket.uploadId(), ticket.objectKey(), next.stream().map(Part::number).toList());
        for (Part part : next) {
          slots.acquire();
          if (failure.get() != null) {
            slots.release();
            break;
          }
          URI url = urls.get(part.number());
          if (url == null) {
            slots.release();
            throw ApiException.invalid(
                "nunu sent no upload URL for part " + part.number() + " of " + plan.size() + ".");
          }
          try {
            pool.execute(
                () -> {
                  try {
                    acquire(streams);
                    try {
                      etags.set(
                          part.number() - 1,
                          uploadPart(ticket, file, part, plan.size(), url, progress));
                    } finally {
                      streams.release();
                    }
                  } catch (RuntimeException e) {
                    if (failure.compareAndSet(null, e)) {
                      pool.shutdownNow();
                    }
                  } finally {
                    slots.release();
                  }
                });
          } catch (RejectedExecutionException stoppedByAFailure) {
            slots.release();
            break;
          }
        }
      }
      // All slots free means all parts done; a failure ends the wait (queued parts never run).
      while (!slots.tryAcquire(parallelism, 100, TimeUnit.MILLISECONDS) && failure.get() == null) {
        cancellation.throwIfCancelled();
      }
    } catch (InterruptedException e) {
      cancellation.throwIfCancelled();
      throw new Cancelled(null);
    } finally {
      pool.shutdownNow();
    }
    if (failure.get() != null) {
      cancellation.throwIfCancelled();
      throw failure.get();
    }
    return IntStream.range(0, plan.size()).mapToObj(etags::get).toList();
  }

  /** A permit to send to storage; waiting for one ends with the upload's cancellation. */
  private void acquire(Semaphore streams) {
    try {
      streams.acquire();
    } catch (InterruptedException e) {
      cancellation.throwIfCancelled();
      throw new Cancelled(null);
    }
  }

  /** One part, with a fresh URL when storage says the old one is refused (expired). */
  private String uploadPart(
      UploadTicket ticket, Path file, Part part, int total, URI firstUrl, Progress progress) {
    URI url = firstUrl;
    int refreshes = 0;
    int missingEtags = 0;
    var counted = new AtomicLong();
    String purpose = "upload part " + part.number() + " of " + total;
    while (true) {
      try {
        String etag =
            api.putToStorage(
                purpose, url, body(file, part.offset(), part.length(), progress, counted));
        if (etag != null && !etag.isBlank()) {
          return etag;
        }
        progress.add(-counted.getAndSet(0));
        if (missingEtags++ >= MISSING_ETAG_RETRIES) {
          throw ApiException.invalid(
              "Storage accepted part "
                  + part.number()
                  + " but sent no ETag header, "
                  + (MISSING_ETAG_RETRIES + 1)
                  + " times; without it the upload cannot be completed. A proxy between the runner and storage may strip the header.");
        }
        log.info("Part " + part.number() + ": storage sent no ETag; sending the part again");
      } catch (ApiException e) {
        progress.add(-counted.getAndSet(0));
        if (e.status() != 403 || refreshes++ >= URL_REFRESHES) {
          throw e;
        }
        log.info(
            "Part "
                + part.number()
                + ": storage refused the URL (HTTP 403, probably expired); asking nunu for a new one");
        url =
            api.partUrls(ticket.uploadId(), ticket.objectKey(), List.of(part.number()))
                .get(part.number());
        if (url == null) {
          throw ApiException.invalid("nunu sent no new upload URL for part " + part.number() + ".");
        }
      }
    }
  }

  /**
   * The region as a request body. Retries send it again, so the bytes counted for an attempt are
   * taken back from the progress when the next attempt starts.
   */
  private static FileRegion body(
      Path file, long offset, long length, Progress progress, AtomicLong counted) {
    return new FileRegion(
        file,
        offset,
        length,
        () -> progress.add(-counted.getAndSet(0)),
        read -> {
          counted.addAndGet(read);
          progress.add(read);
        });
  }

  private void abort(UploadTicket ticket) {
    try {
      api.forCleanup()
          .cancelUpload(
              ticket.buildId(), ticket.objectKey(), ticket.multipart() ? ticket.uploadId() : null);
      log.info("Cancelled the unfinished upload of build " + ticket.buildId() + " on nunu.");
    } catch (RuntimeException e) {
      log.info(
          "Could not cancel the unfinished upload of build "
              + ticket.buildId()
              + " ("
              + e.getMessage()
              + "); nunu frees it when build-upload-timeout runs out.");
    }
  }
}
