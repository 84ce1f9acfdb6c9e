package dev.edgeway.gateway.pipeline.run;

import dev.edgeway.dag.run.ChainRunner;
import dev.edgeway.gateway.pipeline.PipelineProblem;
import dev.edgeway.gateway.pipeline.definition.PipelineDefinitions;
import dev.edgeway.storage.StoreUnavailableException;
import dev.edgeway.storage.web.LargeBodyGate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Takes background runs from the {@link RunQueue}: one consumer per background run thread, each
 * pulling a run only when it holds a place of the background queue, and waiting for that run to
 * end before it pulls the next, so the runs waiting stay in NATS for any gateway with a free
 * thread. While NATS is away the consumers wait and try again.
 */
public final class RunQueueWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RunQueueWorker.class);
    private static final Duration PULL_WAIT = Duration.ofSeconds(1);
    private static final Duration PAUSE = Duration.ofSeconds(1);

    private final RunQueue queue;
    private final QueuedRunExecution execution;
    private final RunExecutors executors;
    private final int consumerCount;
    private final List<Thread> consumers = new ArrayList<>();
    private volatile boolean running;

    /** @param consumerCount runs this gateway takes from the queue at once: its background run threads */
    public RunQueueWorker(
            RunQueue queue,
            PipelineDefinitions definitions,
            StateStoreRunStore store,
            ChainRunner runner,
            RunExecutors executors,
            LargeBodyGate gate,
            int consumerCount) {
        this.queue = queue;
        this.execution = new QueuedRunExecution(definitions, store, runner, gate, queue.ackWait());
        this.executors = executors;
        this.consumerCount = consumerCount;
    }

    @Override
    public synchronized void start() {
        running = true;
        for (int i = 0; i < consumerCount; i++) {
            consumers.add(Thread.ofVirtual().name("edgeway-pipeline-runs-" + i).start(this::pull));
        }
    }

    private void pull() {
        while (running) {
            RunExecutors.Place place;
            try {
                place = executors.backgroundPlace();
            } catch (PipelineProblem full) {
                LockSupport.parkNanos(PAUSE.toNanos());
                continue;
            }
            try {
                Optional<RunQueue.Taken> taken = queue.next(PULL_WAIT);
                if (taken.isEmpty()) {
                    place.close();
                    continue;
                }
                CompletableFuture<Void> ended = new CompletableFuture<>();
                executors.background(place, () -> {
                    try {
                        execution.execute(taken.get());
                    } finally {
                        ended.complete(null);
                    }
                });
                ended.join();
            } catch (StoreUnavailableException e) {
                place.close();
                log.debug("Pipeline run queue unavailable, trying again: {}", e.getMessage());
                LockSupport.parkNanos(PAUSE.toNanos());
            } catch (RuntimeException e) {
                place.close();
                log.warn("Pipeline run queue: taking a run failed", e);
                LockSupport.parkNanos(PAUSE.toNanos());
            }
        }
    }

    /**
     * Lets every consumer finish its pull (at most a second) rather than interrupting it: a pull
     * cut short may still be answered, leaving a run taken by nobody until its ack wait. A run
     * that executes is left to the run executors' shutdown; it is delivered again if it did not end.
     */
    @Override
    public synchronized void stop() {
        running = false;
        // One deadline for all: a consumer waits for its run to end, and four runs must not add up.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (Thread consumer : consumers) {
            try {
                consumer.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        consumers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
