package dev.edgeway.gateway.pipeline.run;

import dev.edgeway.dag.run.RunState;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Writes a run's intermediate states behind the chain runner, so that a step does not wait for
 * three state-store writes (running, attempt, done) before the next starts. Per run, the states
 * flow through a small Reactor pipeline: {@code onBackpressureLatest} keeps only the newest state
 * not yet written (states only move forward, so the states of fast steps coalesce), and
 * {@code concatMap} without prefetch writes one at a time, each followed by a pause of
 * {@code interval}. A final state (succeeded, failed, cancelled) ends the pipeline and is written
 * by the runner's own thread after any write in flight, so {@link #flush} returns once it is
 * stored: handing it to the pipeline's thread and waiting for it cost a run about 0.8 ms of
 * thread hand-offs on top of its two round trips (docs/benchmarks.md). Until then
 * {@link #latest} answers the newest state, so this gateway's status answers never lag; the
 * stored state lags by at most about {@code interval}. If the gateway dies mid-run, a resume
 * still starts at the first step without an output (outputs are written synchronously).
 */
final class RunStateWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunStateWriter.class);

    private final Consumer<RunState> write;
    private final Duration interval;
    /** Writes block on jnats: virtual threads, not an event loop and not the bounded elastic pool. */
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("edgeway-run-state-", 0).factory());
    /**
     * From a plain executor: Reactor takes an {@code ExecutorService} for one that interrupts the
     * tasks it disposes, and a disposed write is never to be interrupted midway.
     */
    private final Scheduler writers = Schedulers.fromExecutor(threads::execute);

    private final Map<String, Writes> runs = new ConcurrentHashMap<>();

    /** One run's pipeline; offers and the flush come from the run's one runner thread. */
    private final class Writes {
        private final Sinks.Many<RunState> states = Sinks.many().unicast().onBackpressureBuffer();
        /** Held by every write of the run, so the final one comes after the one in flight. */
        private final ReentrantLock writing = new ReentrantLock();

        private final Disposable subscription;
        private volatile RunState newest;
        /** Set before the final write: no intermediate one may follow it. */
        private volatile boolean ended;

        Writes(RunState first) {
            newest = first;
            subscription = states.asFlux()
                    .onBackpressureLatest()
                    .concatMap(this::writeThenPause, 0)
                    .subscribe();
        }

        private Mono<Void> writeThenPause(RunState state) {
            return Mono.fromRunnable(() -> writeUnlessEnded(state))
                    .subscribeOn(writers)
                    .onErrorResume(RuntimeException.class, e -> {
                        log.warn(
                                "Run {}: intermediate state not stored, a later one will be: {}",
                                state.runId(),
                                e.toString());
                        return Mono.empty();
                    })
                    .then(Mono.delay(interval))
                    .then();
        }

        private void writeUnlessEnded(RunState state) {
            writing.lock();
            try {
                if (!ended) {
                    write.accept(state);
                }
            } finally {
                writing.unlock();
            }
        }

        /** Stops the intermediate writes and writes the final state here, after the write in flight if any. */
        void end(RunState last) {
            ended = true;
            writing.lock();
            try {
                write.accept(last);
            } finally {
                writing.unlock();
                subscription.dispose();
            }
        }
    }

    /**
     * @param write the synchronous write of one state
     * @param interval the least time between two intermediate writes of one run
     */
    RunStateWriter(Consumer<RunState> write, Duration interval) {
        this.write = write;
        this.interval = interval;
    }

    /** The newest state offered for a run that has not been flushed yet. */
    Optional<RunState> latest(String runId) {
        Writes writes = runs.get(runId);
        return writes == null ? Optional.empty() : Optional.of(writes.newest);
    }

    /** Queues an intermediate state; it is written soon, unless a newer one replaces it first. */
    void offer(RunState state) {
        Writes writes = runs.computeIfAbsent(state.runId(), id -> new Writes(state));
        writes.newest = state;
        writes.states.tryEmitNext(state);
    }

    /** Writes a final state, after the write in flight if any, and forgets the run; throws what the write threw. */
    void flush(RunState state) {
        Writes writes = runs.get(state.runId());
        if (writes == null) {
            write.accept(state);
            return;
        }
        try {
            writes.end(state);
        } finally {
            runs.remove(state.runId(), writes);
        }
    }

    /**
     * Forgets a run whose runner ended without a final state (it threw): its last intermediate
     * state may be stored or not; nothing more is written.
     */
    void discard(String runId) {
        Writes writes = runs.remove(runId);
        if (writes != null) {
            writes.subscription.dispose();
        }
    }

    @Override
    public void close() throws InterruptedException {
        runs.values().forEach(writes -> writes.subscription.dispose());
        runs.clear();
        threads.shutdown();
        threads.awaitTermination(5, TimeUnit.SECONDS);
    }
}
