package dev.edgeway.gateway.pipeline.run;

import dev.edgeway.dag.linearize.Chain;
import dev.edgeway.dag.model.StepId;
import dev.edgeway.dag.run.Payload;
import dev.edgeway.dag.run.RunState;
import dev.edgeway.dag.run.StepHeaders;
import dev.edgeway.gateway.pipeline.PipelineProblem;
import dev.edgeway.gateway.pipeline.ProblemType;
import dev.edgeway.gateway.pipeline.api.RunResponses;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a caller waiting for a run is told when it ends: the last step's output, or a problem
 * naming the step it stopped at, why, and how to resume it.
 */
final class RunOutcomes {

    private final StateStoreRunStore store;

    RunOutcomes(StateStoreRunStore store) {
        this.store = store;
    }

    /** The output of a succeeded run; throws the problem of a failed or cancelled one. */
    RunResult of(RunState state, Chain chain) {
        String runId = state.runId();
        return switch (state.status()) {
            case SUCCEEDED -> {
                StepId last = chain.ids().getLast();
                Payload output = store.output(runId, last)
                        .orElseThrow(() -> new IllegalStateException("run " + runId + ": no output of " + last));
                yield new RunResult(runId, output.bytes(), output.contentType());
            }
            case FAILED -> throw stopped(ProblemType.STEP_FAILED, state);
            case CANCELLED -> throw stopped(ProblemType.RUN_CANCELLED, state);
            case RUNNING ->
                throw new IllegalStateException("run " + runId + ": still running after the runner returned");
        };
    }

    private static PipelineProblem stopped(ProblemType type, RunState state) {
        String step = state.stoppedAt() == null ? "" : state.stoppedAt().value();
        @Nullable String reason = state.reason();
        String detail = "run " + state.runId() + " of pipeline " + state.pipeline() + " "
                + StateStoreRunStore.lower(state.status())
                + " at step " + step + ": " + reason + " (resume it with POST /system/pipelines/"
                + state.pipeline() + "/runs/" + state.runId() + "/resume)";
        return new PipelineProblem(
                type,
                detail,
                Map.of(
                        "run_id", state.runId(),
                        "pipeline", state.pipeline(),
                        "step", step,
                        "reason", reason == null ? "" : reason,
                        "status_url", RunResponses.statusPath(state.pipeline(), state.runId())),
                Map.of(StepHeaders.RUN_ID, state.runId()));
    }
}
