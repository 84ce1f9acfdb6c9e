package dev.edgeway.gateway.pipeline.run;

import dev.edgeway.dag.linearize.Chain;
import dev.edgeway.dag.run.ChainRunner;
import dev.edgeway.dag.run.Payload;
import dev.edgeway.dag.run.RunState;
import dev.edgeway.dag.run.RunStatus;
import dev.edgeway.gateway.pipeline.PipelineNames;
import dev.edgeway.gateway.pipeline.PipelineProblem;
import dev.edgeway.gateway.pipeline.definition.Pipeline;
import dev.edgeway.gateway.pipeline.definition.PipelineDefinitions;
import dev.edgeway.storage.task.StoredTask;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Runs and resumes for a caller that waits: on the synchronous run pool ({@link RunExecutors}),
 * answered with the last step's output or the problem of the step that stopped the run. A new
 * run is created as a task before it starts, so its id is known at once.
 */
public final class SynchronousRuns {

    private static final Logger log = LoggerFactory.getLogger(SynchronousRuns.class);

    private final PipelineDefinitions definitions;
    private final StateStoreRunStore store;
    private final ChainRunner runner;
    private final RunExecutors executors;
    private final RunLookup lookup;
    private final RunOutcomes outcomes;

    public SynchronousRuns(
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
        this.outcomes = new RunOutcomes(store);
    }

    /** Runs a pipeline and answers when it has finished: its output, or a problem naming the failed step. */
    public Mono<RunResult> run(String name, byte[] input) {
        return executors.sync(() -> {
            Pipeline pipeline = definitions.require(name);
            String runId = PipelineNames.newRunId();
            store.create(runId, name);
            return execute(runId, () -> runner.run(pipeline.chain(), runId, input), pipeline.chain());
        });
    }

    /** Resumes a failed or cancelled run from its first step without an output. */
    public Mono<RunResult> resume(String name, String runId) {
        return executors.sync(() -> resumeNow(name, runId));
    }

    /**
     * Runs a pipeline under the caller's run id (the Kafka trigger's, from a record's topic,
     * partition and offset), so that a redelivered record does not start a second run: a new id
     * starts the run; a run that succeeded answers its output again without calling a step; one
     * that failed, was cancelled or was left running by a gateway that died resumes from its first
     * step without an output.
     */
    public Mono<RunResult> runOnce(String name, byte[] input, String runId) {
        return executors.sync(() -> {
            Chain chain = definitions.require(name).chain();
            if (store.createIfAbsent(runId, name)) {
                return execute(runId, () -> runner.run(chain, runId, input), chain);
            }
            StoredTask task = lookup.requireRun(name, runId);
            Optional<RunState> state = store.load(runId);
            boolean succeeded = state.map(s -> s.status() == RunStatus.SUCCEEDED)
                    .orElse(task.task().status().equals(StateStoreRunStore.lower(RunStatus.SUCCEEDED)));
            if (succeeded) {
                log.info("Pipeline {} run {} succeeded before: not run again", name, runId);
                // The output is kept for run-retention; after it, the run is still known to have succeeded.
                Payload output = store.output(runId, chain.ids().getLast()).orElse(Payload.of(new byte[0]));
                return new RunResult(runId, output.bytes(), output.contentType());
            }
            if (state.isEmpty()) {
                // Created, but stopped before its first state was written (or that state expired): start it.
                return execute(runId, () -> runner.run(chain, runId, input), chain);
            }
            log.info(
                    "Pipeline {} run {} {} before: resumed",
                    name,
                    runId,
                    StateStoreRunStore.lower(state.get().status()));
            return resumeNow(name, runId);
        });
    }

    /** Resumes a run on this (run pool) thread: 404, 409 as {@link RunLookup#resumable} answers them. */
    private RunResult resumeNow(String name, String runId) {
        Chain chain = lookup.resumable(name, runId);
        if (!runner.reserve(runId)) {
            throw PipelineProblem.runActive(runId, "running or queued on this gateway");
        }
        return execute(runId, () -> runner.resume(chain, runId), chain);
    }

    private RunResult execute(String runId, Supplier<RunState> work, Chain chain) {
        try {
            return outcomes.of(work.get(), chain);
        } finally {
            store.forget(runId);
        }
    }
}
