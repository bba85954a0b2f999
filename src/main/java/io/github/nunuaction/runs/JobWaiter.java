package io.github.nunuaction.runs;

import io.github.nunuaction.actions.Commands;
import io.github.nunuaction.core.Cancellation;
import io.github.nunuaction.core.Cancellation.Cancelled;
import io.github.nunuaction.core.Clock;
import io.github.nunuaction.core.Formats;
import io.github.nunuaction.http.ApiException;
import io.github.nunuaction.nunu.Job;
import io.github.nunuaction.nunu.NunuApi;
import io.github.nunuaction.nunu.NunuApi.Polled;
import io.github.nunuaction.results.JobResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Polls every job until it is {@code COMPLETED}, all jobs at once each round, then sleeps the poll
 * interval (jittered, or the server's {@code Retry-After}). A finished job is collected at once and
 * never polled again. A job the queue rejected counts as an error; as API.md 4.2 advises, it is
 * still waited for until it completes (within the timeout), and it is stopped at once so that
 * nothing of it runs on. What is known stays readable after a timeout, a failure or a cancellation,
 * so that the report holds it.
 */
public final class JobWaiter {
  static final int TOLERATED_FAILED_POLLS = 3;
  private static final int MAX_POLLERS = 8;
  private static final Duration HEARTBEAT = Duration.ofMinutes(1);
  private static final Duration MIN_PAUSE = Duration.ofSeconds(1);
  private static final Duration MAX_PAUSE = Duration.ofMinutes(10);

  /** How waiting ended: all finished, or the deadline came first for {@code unfinished}. */
  public record Waited(boolean timedOut, List<String> unfinished) {}

  private final NunuApi api;
  private final ResultCollector collector;
  private final Consumer<String> log;
  private final Clock clock;
  private final Cancellation cancellation;
  private final Duration interval;
  private final Map<String, Job> lastSeen = new ConcurrentHashMap<>();
  private final Map<String, JobResult> finished = new ConcurrentHashMap<>();
  private final Set<String> rejected = ConcurrentHashMap.newKeySet();
  private final RunStopper stopper;

  public JobWaiter(
      NunuApi api,
      RunStopper stopper,
      Consumer<String> log,
      Consumer<String> warn,
      Clock clock,
      Cancellation cancellation,
      Duration interval) {
    this.api = api;
    this.stopper = stopper;
    this.collector = new ResultCollector(api, warn);
    this.log = log;
    this.clock = clock;
    this.cancellation = cancellation;
    this.interval = interval;
  }

  public Waited waitFor(List<String> jobIds, long deadlineNanos) {
    List<String> pending = new ArrayList<>(jobIds);
    Map<String, Integer> failedPolls = new LinkedHashMap<>();
    long start = clock.nanoTime();
    long lastHeartbeat = start;
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(MAX_POLLERS, jobIds.size())),
            runnable -> {
              Thread thread = new Thread(runnable, "nunu-poll");
              thread.setDaemon(true);
              return thread;
            });
    try (var interrupt = cancellation.interruptOnCancel()) {
      while (true) {
        var polls = new LinkedHashMap<String, Future<Polled>>();
        for (String jobId : pending) {
          polls.put(jobId, pool.submit(() -> poll(jobId)));
        }
        Duration retryAfter = null;
        for (var poll : polls.entrySet()) {
          String jobId = poll.getKey();
          try {
            Polled polled = poll.getValue().get();
            failedPolls.remove(jobId);
            if (finished.containsKey(jobId)) {
              pending.remove(jobId);
            }
            if (polled.retryAfter() != null
                && (retryAfter == null || polled.retryAfter().compareTo(retryAfter) > 0)) {
              retryAfter = polled.retryAfter();
            }
          } catch (ExecutionException e) {
            handleFailedPoll(jobId, e.getCause(), failedPolls);
          }
        }
        if (pending.isEmpty()) {
          return new Waited(false, List.of());
        }
        long now = clock.nanoTime();
        if (now >= deadlineNanos) {
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
      pool.shutdownNow();
    }
  }

  private Polled poll(String jobId) {
    Polled polled = api.job(jobId);
    Job job = polled.job();
    Job before = lastSeen.put(jobId, job);
    if (before == null || !before.status().equals(job.status())) {
      log.accept("Job " + jobId + label(job) + ": " + job.status());
    }
    if (job.queueRejectionReason() != null && rejected.add(jobId) && !job.completed()) {
      log.accept(
          "Job "
              + jobId
              + label(job)
              + " was rejected by the nunu queue: "
              + Commands.oneLine(job.queueRejectionReason())
              + ". It counts as an error; it is stopped so that nothing of it runs, and waited for"
              + " until it completes.");
      stopper.stop(List.of(jobId), "the nunu queue rejected it");
    }
    if (job.completed()) {
      finished.put(jobId, collector.finished(job));
    }
    return polled;
  }

  private static String label(Job job) {
    return job.testName() == null ? "" : " (" + Commands.oneLine(job.testName()) + ")";
  }

  /** A failed poll is tolerated a few times in a row; refusals that cannot heal end it at once. */
  private void handleFailedPoll(String jobId, Throwable cause, Map<String, Integer> failedPolls) {
    if (cause instanceof Cancelled cancelled) {
      throw cancelled;
    }
    if (!(cause instanceof ApiException failure)) {
      throw new IllegalStateException(cause);
    }
    int status = failure.status();
    boolean permanent = status >= 400 && status < 500 && status != 408 && status != 429;
    int failures = failedPolls.merge(jobId, 1, Integer::sum);
    if (permanent || failures >= TOLERATED_FAILED_POLLS) {
      throw failure;
    }
    log.accept(
        "Polling job "
            + jobId
            + " failed ("
            + failures
            + " of "
            + TOLERATED_FAILED_POLLS
            + " tolerated in a row): "
            + failure.getMessage());
  }

  private long sleepWithHeartbeat(
      Duration pause, long start, long lastHeartbeat, long deadlineNanos, List<String> pending) {
    long end = clock.nanoTime() + pause.toNanos();
    long beat = lastHeartbeat;
    while (clock.nanoTime() < end) {
      long now = clock.nanoTime();
      long nextBeat = beat + HEARTBEAT.toNanos();
      clock.sleep(Duration.ofNanos(Math.min(end, nextBeat) - now), cancellation);
      if (clock.nanoTime() >= nextBeat) {
        beat = clock.nanoTime();
        log.accept(heartbeat(pending, beat - start, deadlineNanos - beat));
      }
    }
    return beat;
  }

  private String heartbeat(List<String> pending, long elapsedNanos, long leftNanos) {
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
    int total = pending.size() + finished.size();
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
