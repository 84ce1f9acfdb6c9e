package dev.edgeway.gateway.pipeline.run;

import dev.edgeway.dag.linearize.Chain;
import dev.edgeway.dag.run.ChainRunner;
import dev.edgeway.dag.run.RunState;
import dev.edgeway.dag.run.RunStatus;
import dev.edgeway.gateway.pipeline.Blocking;
import dev.edgeway.gateway.pipeline.PipelineNames;
import dev.edgeway.gateway.pipeline.PipelineProblem;
import dev.edgeway.gateway.pipeline.definition.Pipeline;
import dev.edgeway.gateway.pipeline.definition.PipelineDefinitions;
import dev.edgeway.storage.task.StoredTask;
import dev.edgeway.storage.web.LargeBodyGate;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Runs accepted with 202 ({@code ?async=true}), resumes in the background, and the recovery of
 * runs left queued by a gateway that died. A run takes its place in the background queue
 * before it is created, and is reserved with the runner while it waits, so it executes once.
 * A new background run is queued in the store (its input and a {@code queued} status) and
 * claimed before it executes, so any gateway can take it over.
 */
public final class BackgroundRuns {

    private static final Logger log = LoggerFactory.getLogger(BackgroundRuns.class);

    private final PipelineDefinitions definitions;
    private final StateStoreRunStore store;
    private final ChainRunner runner;
    private final RunExecutors executors;
    private final RunLookup lookup;

    public BackgroundRuns(
            PipelineDefinitions definitions,
            StateStoreRunStore store,
            ChainRunner runner,
            RunExecutors executors,
            RunLookup lookup) {
        this.definitions = definitions;
        this.store = store;
        this.runner = runner;
        this.executors = executors;
        this.lookup = lookup;
    }

    /**
     * Creates a run and queues it; answers its id. {@code held} is closed when the run ends. The
     * run's place in the queue is taken first: a run refused with 503 is never created.
     */
    public Mono<String> submit(String name, byte[] input, LargeBodyGate.Permit held) {
        return Blocking.call(() -> {
            Pipeline pipeline = definitions.require(name);
            RunExecutors.Place place = executors.backgroundPlace();
            try {
                String runId = PipelineNames.newRunId();
                store.create(runId, name);
                store.queue(runId, input);
                queueClaimed(place, runId, name, () -> runner.run(pipeline.chain(), runId, input), held::close);
                return runId;
            } catch (RuntimeException e) {
                place.close();
                held.close();
                throw e;
            }
        });
    }

    /** Resumes a run in the background; answers at once. */
    public Mono<String> resume(String name, String runId) {
        return Blocking.call(() -> {
            Chain chain = lookup.resumable(name, runId);
            queue(executors.backgroundPlace(), runId, name, () -> runner.resume(chain, runId));
            return runId;
        });
    }

    /**
     * Queues the runs accepted for the background that no gateway started (their gateway was
     * killed, or stopped with them queued); each is claimed before it executes, so a run that
     * another gateway still has queued executes once. Stops when the queue is full: the rest
     * stay queued for the next start. Blocking.
     */
    public int recoverQueued() {
        int recovered = 0;
        for (StoredTask task : store.queued()) {
            String runId = task.task().taskId();
            String name = task.task().functionName();
            if (runner.isActive(runId)) {
                continue;
            }
            Optional<byte[]> input = store.input(runId);
            Optional<Pipeline> pipeline = definitions.find(name);
            if (input.isEmpty() || pipeline.isEmpty()) {
                log.warn(
                        "Pipeline {} run {} stays queued: its {} is gone",
                        name,
                        runId,
                        input.isEmpty() ? "input" : "pipeline");
                continue;
            }
            try {
                RunExecutors.Place place = executors.backgroundPlace();
                queueClaimed(
                        place, runId, name, () -> runner.run(pipeline.get().chain(), runId, input.get()), () -> {});
                recovered++;
            } catch (PipelineProblem full) {
                log.warn(
                        "Recovered {} queued pipeline run(s); the others wait for a later start: {}",
                        recovered,
                        full.getMessage());
                break;
            }
        }
        return recovered;
    }

    /** Queues a run that starts only if this gateway wins its claim; {@code ended} runs either way. */
    private void queueClaimed(
            RunExecutors.Place place, String runId, String name, Supplier<RunState> work, Runnable ended) {
        queue(place, runId, name, () -> {
            try {
                if (!claim(runId)) {
                    log.debug("Pipeline {} run {} was taken by another gateway", name, runId);
                    return null;
                }
                return work.get();
            } finally {
                ended.run();
            }
        });
    }

    /** Claims a queued run; a run this gateway does not execute after all gives its reservation back. */
    private boolean claim(String runId) {
        boolean claimed = false;
        try {
            claimed = store.claim(runId);
            return claimed;
        } finally {
            if (!claimed) {
                runner.release(runId);
            }
        }
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
