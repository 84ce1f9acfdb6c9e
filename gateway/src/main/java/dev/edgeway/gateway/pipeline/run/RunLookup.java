package dev.edgeway.gateway.pipeline.run;

import dev.edgeway.dag.linearize.Chain;
import dev.edgeway.dag.model.StepId;
import dev.edgeway.dag.run.ChainChangedException;
import dev.edgeway.dag.run.ChainRunner;
import dev.edgeway.dag.run.RunState;
import dev.edgeway.dag.run.StepHeaders;
import dev.edgeway.gateway.pipeline.PipelineProblem;
import dev.edgeway.gateway.pipeline.ProblemType;
import dev.edgeway.gateway.pipeline.definition.Pipeline;
import dev.edgeway.gateway.pipeline.definition.PipelineDefinitions;
import dev.edgeway.storage.Blocking;
import dev.edgeway.storage.task.StoredTask;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Finds runs: a run of a pipeline exists when its task does and names that pipeline. Answers a
 * run's status, and checks that a run may be resumed before a resume is queued or executed.
 */
public final class RunLookup {

    private final PipelineDefinitions definitions;
    private final StateStoreRunStore store;
    private final ChainRunner runner;

    public RunLookup(PipelineDefinitions definitions, StateStoreRunStore store, ChainRunner runner) {
        this.definitions = definitions;
        this.store = store;
        this.runner = runner;
    }

    /** The run's status, step by step. */
    public Mono<RunView> status(String name, String runId) {
        return Blocking.call(() -> {
            Pipeline pipeline = definitions.require(name);
            StoredTask task = requireRun(name, runId);
            Optional<RunState> state = store.load(runId);
            if (state.isEmpty() && StateStoreRunStore.hasEnded(task.task().status())) {
                // It ran, and its state is gone with run-retention: the run no longer exists.
                throw PipelineProblem.runNotFound(name, runId);
            }
            return state.map(RunView::of)
                    .orElseGet(() ->
                            RunView.queued(runId, pipeline.chain(), task.task().createdAt()));
        });
    }

    /**
     * The chain to resume a run with: 404 for an unknown run, 409 for one active here or queued
     * and not started, or planned from other steps than the pipeline has now. Blocking.
     */
    public Chain resumable(String name, String runId) {
        Chain chain = definitions.require(name).chain();
        requireRun(name, runId);
        if (runner.isActive(runId)) {
            throw PipelineProblem.runActive(runId, "running or queued on this gateway");
        }
        try {
            runner.resumable(chain, runId);
        } catch (NoSuchElementException e) {
            throw PipelineProblem.runActive(runId, "queued, not started");
        } catch (ChainChangedException changed) {
            throw new PipelineProblem(
                    ProblemType.PIPELINE_CHANGED,
                    "run " + runId + ": steps " + changed.planned() + " (expected: the steps of pipeline " + name
                            + " as it is now, " + chain.ids() + "; start a new run)",
                    Map.of("run_id", runId, "run_steps", ids(changed.planned()), "pipeline_steps", ids(chain.ids())),
                    Map.of(StepHeaders.RUN_ID, runId));
        }
        return chain;
    }

    /** Whether a run exists and has not ended (queued, or running on some gateway). Blocking. */
    public boolean isPending(String runId) {
        return store.task(runId)
                .map(task -> !StateStoreRunStore.hasEnded(task.task().status()))
                .orElse(false);
    }

    /** The run's task: 404 for an unknown run, or a run of another pipeline. */
    StoredTask requireRun(String name, String runId) {
        return store.task(runId)
                .filter(task -> task.task().functionName().equals(name))
                .orElseThrow(() -> PipelineProblem.runNotFound(name, runId));
    }

    private static List<String> ids(List<StepId> ids) {
        return ids.stream().map(StepId::value).toList();
    }
}
