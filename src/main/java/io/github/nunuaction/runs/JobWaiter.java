package io.github.nunuaction.runs;

import io.github.nunuaction.actions.Commands;
import io.github.nunuaction.actions.Log;
import io.github.nunuaction.core.Cancellation;
import io.github.nunuaction.core.Cancellation.Cancelled;
import io.github.nunuaction.core.Clock;
import io.github.nunuaction.core.Formats;
import io.github.nunuaction.http.ApiException;
import io.github.nunuaction.nunu.Job;
import io.github.nunuaction.nunu.JobFilter;
import io.github.nunuaction.nunu.NunuApi;
import io.github.nunuaction.nunu.NunuApi.JobPage;
import io.github.nunuaction.nunu.NunuApi.Polled;
import io.github.nunuaction.results.JobResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Polls the jobs until every one is {@code COMPLETED}, then sleeps the poll interval (jittered, or
 * the server's {@code Retry-After}). With a {@link JobFilter} (the test plan execution, or this
 * attempt's tags), one list request answers for up to a hundred jobs, so a round costs ⌈jobs/100⌉
 * requests; jobs are polled one by one only while that is cheaper, for jobs the list has not shown
 * yet, and for good once the server is seen to ignore the filter.
 *
 * <p>A finished job's results (run details, bugs) are collected at once by a few threads, while the
 * others are still polled. A job the queue rejected counts as an error; as API.md 4.2 advises, it
 * is still waited for until it completes (within the timeout), and it is stopped at once so that
 * nothing of it runs on. What is known stays readable after a timeout, a failure or a cancellation,
 * so that the report holds it.
 */
public final class JobWaiter {
  static final int TOLERATED_FAILED_POLLS = 3;
  private static final int MAX_POLLERS = 8;
  private static final int MAX_COLLECTORS = 8;
  private static final Duration HEARTBEAT = Duration.ofMinutes(1);
  private static final Duration MIN_PAUSE = Duration.ofSeconds(1);
  private static final Duration MAX_PAUSE = Duration.ofMinutes(10);
  private static final String LISTING = "listing the jobs";

  /** How waiting ended: all finished, or the deadline came first for {@code unfinished}. */
  public record Waited(boolean timedOut, List<String> unfinished) {}

  private final NunuApi api;
  private final ResultCollector collector;
  private final Log log;
  private final Clock clock;
  private final Cancellation cancellation;
  private final Duration interval;
  private final RunStopper stopper;
  private final Map<String, Job> lastSeen = new ConcurrentHashMap<>();
  private final Map<String, JobResult> finished = new ConcurrentHashMap<>();
  private final Set<String> rejected = ConcurrentHashMap.newKeySet();
  private JobFilter filter;
  private boolean filterIgnored;
  private int total;
  private TwinWatch watch;

  /**
   * @param filter how to list this step's jobs, or null to poll each job
   */
  public JobWaiter(
      NunuApi api,
      RunStopper stopper,
      Log log,
      Clock clock,
      Cancellation cancellation,
      Duration interval,
      JobFilter filter) {
    this.api = api;
    this.stopper = stopper;
    this.collector = new ResultCollector(api, log);
    this.log = log;
    this.clock = clock;
    this.cancellation = cancellation;
    this.interval = interval;
    this.filter = filter;
  }

  /**
   * Also looks, every round, for jobs that carry one of {@code tagSets} but are not among the jobs
   * waited for: the late first jobs of a start that was sent again after its answer was lost. Each
   * is stopped at once and reported to {@code report}, and never counted.
   */
  public JobWaiter watchingFor(List<List<String>> tagSets, Consumer<String> report) {
    watch = tagSets.isEmpty() ? null : new TwinWatch(api, stopper, log, tagSets, report);
    return this;
  }

  /**
   * Lists the next jobs waited for by {@code next} (the retries of a round, by their tag), unless
   * the server was seen to ignore a filter: then each job is polled.
   */
  public JobWaiter listingBy(JobFilter next) {
    if (!filterIgnored) {
      filter = next;
    }
    return this;
  }

  public Waited waitFor(List<String> jobIds, long deadlineNanos) {
    Set<String> pending = new LinkedHashSet<>(jobIds);
    total = pending.size();
    long start = clock.nanoTime();
    long lastHeartbeat = start;
    ExecutorService pollers = pool("nunu-poll", MAX_POLLERS, jobIds.size());
    ExecutorService collectors = pool("nunu-collect", MAX_COLLECTORS, jobIds.size());
    var collecting = new ArrayList<Future<?>>();
    // A job is collected as soon as it is seen complete, while the round goes on.
    var round =
        new Round(
            pending,
            job ->
                collecting.add(
                    collectors.submit(() -> finished.put(job.jobId(), collector.finished(job)))));
    try (var interrupt = cancellation.interruptOnCancel()) {
      while (true) {
        Duration retryAfter = round.run(pollers);
        if (watch != null) {
          watch.look(jobIds);
        }
        if (pending.isEmpty()) {
          awaitAll(collecting);
          return new Waited(false, List.of());
        }
        long now = clock.nanoTime();
        if (now >= deadlineNanos) {
          awaitAll(collecting);
          return new Waited(true, List.copyOf(pending));
        }
        Duration pause = retryAfter != null ? clamp(retryAfter) : jittered(interval);
        pause = min(pause, Duration.ofNanos(deadlineNanos - now));
        lastHeartbeat = sleepWithHeartbeat(pause, start, lastHeartbeat, deadlineNanos, pending);
      }
    } catch (InterruptedException e) {
      cancellation.throwIfCancelled();
      throw new Cancelled(null);
    } finally {
      pollers.shutdownNow();
      collectors.shutdownNow();
    }
  }

  /** One round of polling: a listing, or a request per job, whichever costs fewer requests. */
  private final class Round {
    private final Set<String> pending;
    private final Consumer<Job> onCompleted;
    private final Map<String, Integer> failedPolls = new LinkedHashMap<>();
    private Duration retryAfter;

    Round(Set<String> pending, Consumer<Job> onCompleted) {
      this.pending = pending;
      this.onCompleted = onCompleted;
    }

    /** Polls the pending jobs once; returns the longest {@code Retry-After} the server sent. */
    Duration run(ExecutorService pollers) throws InterruptedException {
      retryAfter = null;
      int pages = pagesFor(total);
      Set<String> unlisted =
          filter != null && pending.size() > pages ? list(pages) : new LinkedHashSet<>(pending);
      pollEach(unlisted, pollers);
      return retryAfter;
    }

    /** Lists the jobs, page by page; returns the pending jobs the list did not show. */
    private Set<String> list(int pages) {
      Set<String> unlisted = new LinkedHashSet<>(pending);
      for (int page = 0; ; page++) {
        JobPage answer;
        try {
          answer = api.jobs(filter, page);
          failedPolls.remove(LISTING);
        } catch (ApiException e) {
          if (permanent(e)) {
            // A server that does not take the filter may refuse it: each job can still be polled.
            stopListing(e.getMessage());
            return unlisted;
          }
          tolerate(LISTING, e);
          return Set.of();
        }
        later(answer.retryAfter());
        for (Job job : answer.jobs()) {
          if (!filter.matches(job)) {
            stopListing("it listed job " + job.jobId() + ", which does not match");
            return unlisted;
          }
          if (unlisted.remove(job.jobId())) {
            observe(job);
          }
        }
        // More pages than this step's jobs fill: the filter is not narrowing the list enough.
        if (answer.totalPages() != null && answer.totalPages() > pages + 1) {
          stopListing("it lists " + answer.totalPages() + " pages of jobs");
          return unlisted;
        }
        if (!answer.hasMore() || page + 1 > pages) {
          return unlisted;
        }
      }
    }

    private void stopListing(String why) {
      log.info(
          "nunu did not filter the job list by "
              + filter
              + " ("
              + Commands.oneLine(why)
              + "); polling each job instead.");
      filter = null;
      filterIgnored = true;
    }

    private void pollEach(Set<String> jobIds, ExecutorService pollers) throws InterruptedException {
      var polls = new LinkedHashMap<String, Future<Polled>>();
      for (String jobId : jobIds) {
        polls.put(jobId, pollers.submit(() -> api.job(jobId)));
      }
      for (var poll : polls.entrySet()) {
        try {
          Polled polled = poll.getValue().get();
          failedPolls.remove(poll.getKey());
          later(polled.retryAfter());
          observe(polled.job());
        } catch (ExecutionException e) {
          if (e.getCause() instanceof Cancelled cancelled) {
            throw cancelled;
          }
          if (!(e.getCause() instanceof ApiException failure)) {
            throw new IllegalStateException(e.getCause());
          }
          if (permanent(failure)) {
            throw failure;
          }
          tolerate("polling job " + poll.getKey(), failure);
        }
      }
    }

    /** What a poll or a listing showed of one of this step's jobs. */
    private void observe(Job job) {
      String jobId = job.jobId();
      if (!pending.contains(jobId)) {
        return;
      }
      Job before = lastSeen.put(jobId, job);
      if (before == null || !before.status().equals(job.status())) {
        log.info("Job " + jobId + label(job) + ": " + job.status());
      }
      if (job.queueRejectionReason() != null && rejected.add(jobId) && !job.completed()) {
        log.info(
            "Job "
                + jobId
                + label(job)
                + " was rejected by the nunu queue: "
                + Commands.oneLine(job.queueRejectionReason())
                + ". It counts as an error; it is stopped so that nothing of it runs, and waited"
                + " for until it completes.");
        stopper.stop(List.of(jobId), "the nunu queue rejected it");
      }
      if (job.completed()) {
        pending.remove(jobId);
        onCompleted.accept(job);
      }
    }

    /** A failed request that may heal is tolerated a few times in a row. */
    private void tolerate(String what, ApiException failure) {
      int failures = failedPolls.merge(what, 1, Integer::sum);
      if (failures >= TOLERATED_FAILED_POLLS) {
        throw failure;
      }
      log.info(
          Character.toUpperCase(what.charAt(0))
              + what.substring(1)
              + " failed ("
              + failures
              + " of "
              + TOLERATED_FAILED_POLLS
              + " tolerated in a row): "
              + failure.getMessage());
    }

    private void later(Duration asked) {
      if (asked != null && (retryAfter == null || asked.compareTo(retryAfter) > 0)) {
        retryAfter = asked;
      }
    }
  }

  /** A refusal that asking again will not change. */
  private static boolean permanent(ApiException failure) {
    int status = failure.status();
    return status >= 400 && status < 500 && status != 408 && status != 429;
  }

  /** How many list pages {@code jobs} jobs fill. */
  static int pagesFor(int jobs) {
    return Math.max(1, (jobs + NunuApi.pageSize() - 1) / NunuApi.pageSize());
  }

  static String label(Job job) {
    return job.testName() == null ? "" : " (" + Commands.oneLine(job.testName()) + ")";
  }

  /** Waits for every collection; one that failed was noted by the collector already. */
  private static void awaitAll(List<Future<?>> collecting) throws InterruptedException {
    for (Future<?> collection : collecting) {
      try {
        collection.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Cancelled cancelled) {
          throw cancelled;
        }
        throw new IllegalStateException(e.getCause());
      }
    }
  }

  /**
   * At most {@code threads} daemon threads, and a queue that holds every job once: each job is
   * polled at most once a round, and collected once.
   */
  private static ExecutorService pool(String name, int threads, int jobs) {
    int size = Math.max(1, Math.min(threads, jobs));
    return new ThreadPoolExecutor(
        size,
        size,
        0,
        TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(Math.max(1, jobs)),
        runnable -> {
          Thread thread = new Thread(runnable, name);
          thread.setDaemon(true);
          return thread;
        });
  }

  private long sleepWithHeartbeat(
      Duration pause, long start, long lastHeartbeat, long deadlineNanos, Set<String> pending) {
    long end = clock.nanoTime() + pause.toNanos();
    long beat = lastHeartbeat;
    while (clock.nanoTime() < end) {
      long now = clock.nanoTime();
      long nextBeat = beat + HEARTBEAT.toNanos();
      clock.sleep(Duration.ofNanos(Math.min(end, nextBeat) - now), cancellation);
      if (clock.nanoTime() >= nextBeat) {
        beat = clock.nanoTime();
        log.info(heartbeat(pending, beat - start, deadlineNanos - beat));
      }
    }
    return beat;
  }

  private String heartbeat(Set<String> pending, long elapsedNanos, long leftNanos) {
    var byStatus =
        new TreeMap<String, Long>(
            pending.stream()
                .collect(
                    Collectors.groupingBy(
                        id -> lastSeen.containsKey(id) ? lastSeen.get(id).status() : "UNKNOWN",
                        Collectors.counting())));
    String counts =
        byStatus.entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(", "));
    return "Still waiting for "
        + pending.size()
        + " of "
        + total
        + " jobs ("
        + counts
        + "); "
        + Formats.duration(Duration.ofNanos(elapsedNanos))
        + " elapsed, timeout in "
        + Formats.duration(Duration.ofNanos(Math.max(0, leftNanos)));
  }

  /** What is known about each job now: finished results, else the last status seen. */
  public List<JobResult> results(List<String> jobIds) {
    return jobIds.stream()
        .map(
            id ->
                finished.containsKey(id)
                    ? finished.get(id)
                    : lastSeen.containsKey(id)
                        ? ResultCollector.asSeen(lastSeen.get(id))
                        : JobResult.unseen(id))
        .toList();
  }

  /** The jobs that may still be running on nunu: neither completed nor rejected. */
  public List<String> unfinished(List<String> jobIds) {
    return results(jobIds).stream().filter(job -> !job.finished()).map(JobResult::jobId).toList();
  }

  private static Duration jittered(Duration base) {
    double factor = 0.9 + ThreadLocalRandom.current().nextDouble() * 0.2;
    return Duration.ofMillis((long) (base.toMillis() * factor));
  }

  private static Duration clamp(Duration retryAfter) {
    return retryAfter.compareTo(MIN_PAUSE) < 0 ? MIN_PAUSE : min(retryAfter, MAX_PAUSE);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
