package dev.edgeway.gateway.pipeline;

import dev.edgeway.dag.run.RunState;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a run's intermediate states behind the chain runner, so that a step does not wait for
 * three state-store writes (running, attempt, done) before the next starts. Per run, at most one
 * write is in flight, writes are at least {@code interval} apart, and a newer state replaces one
 * not yet written (states only move forward), so the states of fast steps coalesce. A final
 * state (succeeded, failed, cancelled) is written at once, after any write in flight, before the
 * runner returns. Until then {@link #latest} answers the newest state, so this gateway's status
 * answers never lag; the stored state lags by at most about {@code interval}. If the gateway dies
 * mid-run, a resume still starts at the first step without an output (outputs are written
 * synchronously).
 */
final class RunStateWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunStateWriter.class);

    private final Consumer<RunState> write;
    private final long intervalNanos;
    private final ExecutorService writers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("edgeway-run-state-", 0).factory());
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "edgeway-run-state-timer");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    /**
     * @param write the synchronous write of one state
     * @param interval the least time between two intermediate writes of one run
     */
    RunStateWriter(Consumer<RunState> write, Duration interval) {
        this.write = write;
        this.intervalNanos = interval.toNanos();
    }

    /** The newest state offered for a run that has not been flushed yet. */
    Optional<RunState> latest(String runId) {
        Pending p = pending.get(runId);
        return p == null ? Optional.empty() : Optional.ofNullable(p.newest());
    }

    /** Queues an intermediate state; it is written soon, unless a newer one replaces it first. */
    void offer(RunState state) {
        Pending p = pending.compute(state.runId(), (id, old) -> old == null || old.isClosed() ? new Pending() : old);
        long delay = p.offer(state, intervalNanos);
        if (delay >= 0) {
            schedule(p, delay);
        }
    }

    /** Writes a final state now, after the write in flight if any, and forgets the run. */
    void flush(RunState state) {
        Pending p = pending.get(state.runId());
        if (p != null) {
            p.close();
        }
        try {
            write.accept(state);
        } finally {
            if (p != null) {
                pending.remove(state.runId(), p);
            }
        }
    }

    /**
     * Forgets a run whose runner ended without a final state (it threw): its last intermediate
     * state may be stored or not; nothing more is written.
     */
    void discard(String runId) {
        Pending p = pending.remove(runId);
        if (p != null) {
            p.close();
        }
    }

    private void schedule(Pending p, long delayNanos) {
        if (delayNanos == 0) {
            writers.execute(() -> drain(p));
        } else {
            timer.schedule(() -> writers.execute(() -> drain(p)), delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void drain(Pending p) {
        RunState state = p.take();
        if (state == null) {
            return;
        }
        try {
            write.accept(state);
        } catch (RuntimeException e) {
            log.warn("Run {}: intermediate state not stored, a later one will be: {}", state.runId(), e.toString());
        }
        long delay = p.written(intervalNanos);
        if (delay >= 0) {
            schedule(p, delay);
        }
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        writers.shutdown();
        writers.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** The state of one run waiting to be written, and whether a write is scheduled or running. */
    private static final class Pending {
        private @Nullable RunState waiting;
        private @Nullable RunState newest;
        private boolean scheduled;
        private boolean writing;
        private boolean closed;
        private long lastWrite = System.nanoTime() - Long.MAX_VALUE / 2;

        /** The delay after which the caller must start a drain, or -1 when one is scheduled already. */
        synchronized long offer(RunState state, long interval) {
            newest = state;
            waiting = state;
            if (scheduled || closed) {
                return -1;
            }
            scheduled = true;
            return Math.max(0, lastWrite + interval - System.nanoTime());
        }

        /** The state to write now, or null (and nothing is scheduled any more) when there is none. */
        synchronized @Nullable RunState take() {
            RunState next = closed ? null : waiting;
            waiting = null;
            if (next == null) {
                scheduled = false;
                notifyAll();
            } else {
                writing = true;
            }
            return next;
        }

        /** After a write: the delay before the next drain, or -1 when there is nothing to write. */
        synchronized long written(long interval) {
            writing = false;
            lastWrite = System.nanoTime();
            if (waiting == null || closed) {
                scheduled = false;
                notifyAll();
                return -1;
            }
            return interval;
        }

        /** Drops what is not written yet and waits for the write in flight. */
        synchronized void close() {
            closed = true;
            waiting = null;
            boolean interrupted = false;
            while (writing) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        synchronized boolean isClosed() {
            return closed;
        }

        synchronized @Nullable RunState newest() {
            return newest;
        }
    }
}
