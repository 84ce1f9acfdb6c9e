package dev.edgeway.dag.run;

import dev.edgeway.dag.linearize.Chain;
import dev.edgeway.dag.linearize.ChainLink;
import dev.edgeway.dag.model.StepId;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs a chain one step at a time on the calling thread, which bounds memory and CPU on small
 * devices: each step gets its input (see {@link StepInput}), is called with its timeout and
 * retries, and its output goes to the {@link RunStore} before the next step starts. The first
 * step that fails stops the run, marked failed at that step with the reason. A resume starts at
 * the first step without an output; earlier steps are not called again. Blocking by design: the
 * gateway calls it on a worker thread. Thread-safe; runs with different ids proceed in parallel.
 */
public final class ChainRunner {

    private final RunStore store;
    private final Clock clock;
    private final StepExecution execution;
    private final StepInput inputs;
    private final StepHeaders headers = new StepHeaders();
    private final Map<String, Cancellation> active = new ConcurrentHashMap<>();

    public ChainRunner(StepInvoker invoker, RunStore store) {
        this(invoker, store, Clock.systemUTC(), Sleeper.system());
    }

    public ChainRunner(StepInvoker invoker, RunStore store, Clock clock, Sleeper sleeper) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.execution = new StepExecution(Objects.requireNonNull(invoker, "invoker"), sleeper);
        this.inputs = new StepInput(store);
    }

    /**
     * Starts a new run and returns when it has succeeded, failed or been cancelled.
     *
     * @throws IllegalStateException if a run with this id exists already
     */
    public RunState run(Chain chain, String runId, byte[] input) {
        if (store.load(runId).isPresent()) {
            throw new IllegalStateException("runId: " + runId + " (expected: a new run id)");
        }
        store.saveInput(runId, input);
        RunState state = RunState.start(runId, chain, clock.instant());
        store.save(state);
        return execute(chain, state, 0);
    }

    /**
     * Resumes a failed or cancelled run (or one whose runner died) from its first step without an
     * output. A run that already succeeded is returned as it is.
     *
     * @throws NoSuchElementException if there is no such run
     * @throws IllegalStateException if the run is running here, or was planned from another chain
     */
    public RunState resume(Chain chain, String runId) {
        RunState state = store.load(runId)
                .orElseThrow(() -> new NoSuchElementException("runId: " + runId + " (expected: an existing run)"));
        if (state.status() == RunStatus.SUCCEEDED) {
            return state;
        }
        List<StepId> planned = state.steps().stream().map(StepState::step).toList();
        if (!planned.equals(chain.ids())) {
            throw new IllegalStateException("run " + runId + ": steps " + planned
                    + " (expected: the steps of the chain given to resume, " + chain.ids() + ")");
        }
        int from = 0;
        for (ChainLink link : chain) {
            if (store.output(runId, link.id()).isEmpty()) {
                break;
            }
            from++;
        }
        return execute(chain, state.resumed(), from);
    }

    /** Asks a run of this runner to stop; answers whether such a run was active. */
    public boolean cancel(String runId) {
        Cancellation cancellation = active.get(runId);
        if (cancellation == null) {
            return false;
        }
        cancellation.cancel();
        return true;
    }

    private RunState execute(Chain chain, RunState start, int from) {
        String runId = start.runId();
        Cancellation cancellation = new Cancellation();
        if (active.putIfAbsent(runId, cancellation) != null) {
            throw new IllegalStateException("run " + runId + ": running already (expected: one runner per run)");
        }
        try {
            RunState state = start;
            store.save(state);
            for (ChainLink link : chain) {
                if (link.position() < from) {
                    continue;
                }
                state = runStep(chain, link, state, cancellation);
                if (state.status() != RunStatus.RUNNING) {
                    return state;
                }
            }
            state = state.finished(RunStatus.SUCCEEDED, null, null, clock.instant());
            store.save(state);
            return state;
        } finally {
            active.remove(runId);
        }
    }

    private RunState runStep(Chain chain, ChainLink link, RunState before, Cancellation cancellation) {
        String runId = before.runId();
        int position = link.position();
        if (cancellation.isCancelled()) {
            return save(before.finished(RunStatus.CANCELLED, link.id(), "cancelled", clock.instant()));
        }
        byte[] input = inputs.of(runId, link);
        RunState[] state = {
            before.withStep(position, before.steps().get(position).running(clock.instant()))
        };
        store.save(state[0]);
        StepOutcome outcome = execution.execute(
                link.step().retries(),
                attempt -> {
                    StepState step = state[0].steps().get(position).attempt();
                    state[0] = save(state[0].withStep(position, step));
                    Map<String, String> callHeaders = headers.of(runId, chain.name(), link.step(), attempt);
                    return new StepCall(
                            runId,
                            link.step(),
                            attempt,
                            input,
                            callHeaders,
                            link.step().timeout());
                },
                cancellation);
        StepState step = state[0].steps().get(position);
        return switch (outcome) {
            case StepOutcome.Done done -> {
                store.saveOutput(runId, link.id(), done.output());
                yield save(state[0].withStep(position, step.done(clock.instant())));
            }
            case StepOutcome.Failed failed -> {
                String reason = "step " + link.id() + " failed: " + failed.reason();
                yield save(state[0].withStep(position, step.failed(clock.instant(), failed.reason()))
                        .finished(RunStatus.FAILED, link.id(), reason, clock.instant()));
            }
            case StepOutcome.Cancelled cancelled ->
                save(state[0].withStep(position, step.interrupted(clock.instant(), "cancelled"))
                        .finished(RunStatus.CANCELLED, link.id(), "cancelled", clock.instant()));
        };
    }

    private RunState save(RunState state) {
        store.save(state);
        return state;
    }
}
