package dev.edgeway.gateway.pipeline.run;

import dev.edgeway.dag.linearize.Chain;
import dev.edgeway.dag.run.ChainRunner;
import dev.edgeway.dag.run.RunState;
import dev.edgeway.gateway.pipeline.PipelineNames;
import dev.edgeway.gateway.pipeline.PipelineProblem;
import dev.edgeway.gateway.pipeline.definition.Pipeline;
import dev.edgeway.gateway.pipeline.definition.PipelineDefinitions;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Runs and resumes for a caller that waits: on the synchronous run pool ({@link RunExecutors}),
 * answered with the last step's output or the problem of the step that stopped the run. A new
 * run is created as a task before it starts, so its id is known at once.
 */
public final class SynchronousRuns {

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
        return executors.sync(() -> {
            Chain chain = lookup.resumable(name, runId);
            if (!runner.reserve(runId)) {
                throw PipelineProblem.runActive(runId, "running or queued on this gateway");
            }
            return execute(runId, () -> runner.resume(chain, runId), chain);
        });
    }

    private RunResult execute(String runId, Supplier<RunState> work, Chain chain) {
        try {
            return outcomes.of(work.get(), chain);
        } finally {
            store.forget(runId);
        }
    }
}
