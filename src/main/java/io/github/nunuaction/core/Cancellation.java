package io.github.nunuaction.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Set once when the workflow is cancelled (SIGINT or SIGTERM). Work in progress checks it, sleeps
 * end early, and registered threads are interrupted so that blocking HTTP calls return; cleanup
 * then runs with a fresh, never-cancelled token.
 */
public final class Cancellation {
  private final CountDownLatch cancelled = new CountDownLatch(1);
  private final List<Runnable> onCancel = new CopyOnWriteArrayList<>();
  private volatile String signal;

  public static Cancellation none() {
    return new Cancellation();
  }

  /** Cancels; the first signal wins. Returns false when already cancelled. */
  public boolean cancel(String signalName) {
    synchronized (this) {
      if (signal != null) {
        return false;
      }
      signal = signalName;
    }
    cancelled.countDown();
    onCancel.forEach(Runnable::run);
    return true;
  }

  public boolean isCancelled() {
    return signal != null;
  }

  /** The signal that cancelled the run: {@code INT} or {@code TERM}, or null. */
  public String signal() {
    return signal;
  }

  public void throwIfCancelled() {
    if (isCancelled()) {
      throw new Cancelled(signal);
    }
  }

  /**
   * Runs the action when cancelled (at once if already cancelled); returns a handle to remove it.
   */
  public Registration onCancel(Runnable action) {
    onCancel.add(action);
    if (isCancelled()) {
      action.run();
    }
    return () -> onCancel.remove(action);
  }

  /** Interrupts the calling thread on cancellation until the handle is closed. */
  public Registration interruptOnCancel() {
    Thread thread = Thread.currentThread();
    return onCancel(thread::interrupt);
  }

  /** Waits up to the given time; true when cancelled meanwhile. */
  boolean await(long nanos) throws InterruptedException {
    return cancelled.await(nanos, TimeUnit.NANOSECONDS);
  }

  /** Undoes an {@link #onCancel} registration; closing never throws. */
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Thrown out of work that stopped because of cancellation, or (signal null) because our own code
   * interrupted it, as when a failed part makes the other parts stop.
   */
  public static final class Cancelled extends RuntimeException {
    public Cancelled(String signal) {
      super(signal == null ? "interrupted" : "cancelled by SIG" + signal, null, false, false);
    }
  }
}
