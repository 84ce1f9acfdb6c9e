package dev.edgeway.dag.run;

import dev.edgeway.dag.linearize.Chain;
import dev.edgeway.dag.model.StepId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A run of a pipeline: its status, one {@link StepState} per step in chain order, and for a
 * failed or cancelled run the step it stopped at and why. Immutable; the runner saves a new
 * state to the {@link RunStore} on every change.
 */
public record RunState(
        String runId,
        String pipeline,
        RunStatus status,
        List<StepState> steps,
        @Nullable StepId stoppedAt,
        @Nullable String reason,
        Instant startedAt,
        @Nullable Instant finishedAt) {

    public RunState {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(status, "status");
        steps = List.copyOf(steps);
        Objects.requireNonNull(startedAt, "startedAt");
    }

    /** A new run of a chain: running, every step pending. */
    public static RunState start(String runId, Chain chain, Instant now) {
        List<StepState> steps =
                chain.stream().map(link -> StepState.pending(link.id())).toList();
        return new RunState(runId, chain.name(), RunStatus.RUNNING, steps, null, null, now, null);
    }

    /** The run's steps in the order it was planned. */
    public List<StepId> plannedSteps() {
        return steps.stream().map(StepState::step).toList();
    }

    /**
     * The one check that a run belongs to a chain: same steps in the same order.
     *
     * @throws ChainChangedException when the run was planned from other steps
     */
    public void requirePlannedFrom(Chain chain) {
        List<StepId> planned = plannedSteps();
        if (!planned.equals(chain.ids())) {
            throw new ChainChangedException(runId, planned, chain.ids());
        }
    }

    public Optional<StepState> step(StepId id) {
        return steps.stream().filter(s -> s.step().equals(id)).findFirst();
    }

    RunState withStep(int position, StepState step) {
        List<StepState> updated = new ArrayList<>(steps);
        updated.set(position, step);
        return new RunState(runId, pipeline, status, updated, stoppedAt, reason, startedAt, finishedAt);
    }

    RunState finished(RunStatus end, @Nullable StepId at, @Nullable String why, Instant now) {
        return new RunState(runId, pipeline, end, steps, at, why, startedAt, now);
    }

    RunState resumed() {
        return new RunState(runId, pipeline, RunStatus.RUNNING, steps, null, null, startedAt, null);
    }
}
