package dev.edgeway.gateway.pipeline.run;

import dev.edgeway.dag.linearize.Chain;
import dev.edgeway.dag.run.ChainRunner;
import dev.edgeway.dag.run.RunState;
import dev.edgeway.dag.run.RunStatus;
import dev.edgeway.gateway.pipeline.PipelineNames;
import dev.edgeway.gateway.pipeline.PipelineProblem;
import dev.edgeway.gateway.pipeline.definition.PipelineDefinitions;
import dev.edgeway.storage.Blocking;
import dev.edgeway.storage.web.LargeBodyGate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Runs accepted with 202 ({@code ?async=true}) and resumes in the background. A new background
 * run is stored (its input and a {@code queued} status) and put on the durable {@link RunQueue}
 * before the 202, and executed by whichever gateway takes it from there ({@link RunQueueWorker}),
 * so a run whose gateway dies resumes elsewhere or on the next start. A resume is executed here,
 * in the background pool, and is reserved with the runner while it waits, so it executes once.
 */
public final class BackgroundRuns {

    private static final Logger log = LoggerFactory.getLogger(BackgroundRuns.class);

    private final PipelineDefinitions definitions;
    private final StateStoreRunStore store;
    private final ChainRunner runner;
    private final RunExecutors executors;
    private final RunLookup lookup;
    private final RunQueue queue;
    private final long maxQueueDepth;

    /** @param maxQueueDepth runs waiting or executing in the shared queue beyond which a new run is refused (503) */
    public BackgroundRuns(
            PipelineDefinitions definitions,
            StateStoreRunStore store,
            ChainRunner runner,
            RunExecutors executors,
            RunLookup lookup,
            RunQueue queue,
            long maxQueueDepth) {
        this.definitions = definitions;
        this.store = store;
        this.runner = runner;
        this.executors = executors;
        this.lookup = lookup;
        this.queue = queue;
        this.maxQueueDepth = maxQueueDepth;
    }

    /**
     * Creates a run and queues it durably; answers its id. {@code held} (the input's admission to
     * the heap) is closed once the input is stored. A place of the background queue is taken
     * first, and the shared queue's depth checked, so a run refused with 503 is never created.
     */
    public Mono<String> submit(String name, byte[] input, LargeBodyGate.Permit held) {
        return Blocking.call(() -> {
            try (held) {
                return submitNow(name, input);
            }
        });
    }

    /** Creates a run with an input the caller holds anyway (a schedule's empty one) and queues it. */
    public Mono<String> submit(String name, byte[] input) {
        return Blocking.call(() -> submitNow(name, input));
    }

    private String submitNow(String name, byte[] input) {
        definitions.require(name);
        try (RunExecutors.Place place = executors.backgroundPlace()) {
            long depth = queue.depth();
            if (depth >= maxQueueDepth) {
                throw PipelineProblem.queueFull(depth, maxQueueDepth);
            }
            String runId = PipelineNames.newRunId();
            store.create(runId, name);
            try {
                store.queue(runId, input);
                store.forget(runId); // executed by whichever gateway takes it from the queue
                queue.enqueue(new RunQueue.QueuedRun(runId, name, input.length));
            } catch (RuntimeException notQueued) {
                store.discard(runId);
                throw notQueued;
            }
            return runId;
        }
    }

    /** Resumes a run in the background; answers at once. */
    public Mono<String> resume(String name, String runId) {
        return Blocking.call(() -> {
            Chain chain = lookup.resumable(name, runId);
            queue(executors.backgroundPlace(), runId, name, () -> runner.resume(chain, runId));
            return runId;
        });
    }

    /** Queues a run in its place, which it gives back when it ends or cannot be queued. */
    private void queue(RunExecutors.Place place, String runId, String name, Supplier<@Nullable RunState> work) {
        if (!runner.reserve(runId)) {
            place.close();
            throw PipelineProblem.runActive(runId, "running or queued on this gateway");
        }
        try {
            executors.background(place, () -> {
                try {
                    RunState state = work.get();
                    if (state != null && state.status() != RunStatus.SUCCEEDED) {
                        log.info(
                                "Pipeline {} run {} {} at step {}: {}",
                                name,
                                runId,
                                StateStoreRunStore.lower(state.status()),
                                state.stoppedAt(),
                                state.reason());
                    }
                } catch (RuntimeException e) {
                    log.warn("Pipeline {} run {} could not run: {}", name, runId, e.toString());
                } finally {
                    store.forget(runId);
                }
            });
        } catch (PipelineProblem refused) {
            runner.release(runId);
            throw refused;
        }
    }
}
