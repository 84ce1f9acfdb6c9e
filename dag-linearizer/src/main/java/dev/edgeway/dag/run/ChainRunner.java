package dev.edgeway.dag.run;

import dev.edgeway.dag.linearize.Chain;
import dev.edgeway.dag.linearize.ChainLink;
import java.time.Clock;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Runs a chain one step at a time on the calling thread, which bounds memory and CPU on small
 * devices: each step gets its input (see {@link StepInput}), is called with its timeout and
 * retries, and its output goes to the {@link RunStore} before the next step starts. The first
 * step that fails stops the run, marked failed at that step with the reason. A resume starts at
 * the first step without an output; earlier steps are not called again. The calling thread waits
 * for each step's stage (the gateway calls it on a run thread); no thread is started per step.
 *
 * <p>The runner is the one record of the runs active in this process: executing, or
 * {@linkplain #reserve reserved} by a caller that queued them, so that no run executes twice.
 * Thread-safe; runs with different ids proceed in parallel.
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
     * Marks a run as active before it executes (the caller queues it): the next {@link #run} or
     * {@link #resume} of this id executes it; {@link #release} takes back a reservation that will
     * not execute. False when the run is active already.
     */
    public boolean reserve(String runId) {
        return active.putIfAbsent(runId, new Cancellation()) == null;
    }

    /** Takes back a reservation whose run did not execute; an executing run is left alone. */
    public void release(String runId) {
        active.computeIfPresent(runId, (id, entry) -> entry.isExecuting() ? entry : null);
    }

    /** Whether a run is reserved or executing here. */
    public boolean isActive(String runId) {
        return active.containsKey(runId);
    }

    /**
     * Starts a new run and returns when it has succeeded, failed or been cancelled.
     *
     * @throws IllegalStateException if a run with this id exists already
     */
    public RunState run(Chain chain, String runId, byte[] input) {
        return executing(runId, entry -> {
            if (store.load(runId).isPresent()) {
                throw new IllegalStateException("runId: " + runId + " (expected: a new run id)");
            }
            store.saveInput(runId, input);
            RunState state = RunState.start(runId, chain, clock.instant());
            store.save(state);
            return execute(chain, state, 0, entry);
        });
    }

    /**
     * Resumes a failed or cancelled run (or one whose runner died) from its first step without an
     * output. A run that already succeeded is returned as it is.
     *
     * @throws NoSuchElementException if there is no such run
     * @throws ChainChangedException if the run was planned from another chain
     * @throws IllegalStateException if the run is executing here
     */
    public RunState resume(Chain chain, String runId) {
        return executing(runId, entry -> {
            RunState state = resumable(chain, runId);
            if (state.status() == RunStatus.SUCCEEDED) {
                return state;
            }
            int from = 0;
            for (ChainLink link : chain) {
                if (store.output(runId, link.id()).isEmpty()) {
                    break;
                }
                from++;
            }
            return execute(chain, state.resumed(), from, entry);
        });
    }

    /**
     * The stored state of a run that {@link #resume} would accept for this chain, for a caller
     * that checks before it queues the resume.
     *
     * @throws NoSuchElementException if there is no such run
     * @throws ChainChangedException if the run was planned from another chain
     */
    public RunState resumable(Chain chain, String runId) {
        RunState state = store.load(runId)
                .orElseThrow(() -> new NoSuchElementException("runId: " + runId + " (expected: an existing run)"));
        state.requirePlannedFrom(chain);
        return state;
    }

    /** Asks an active run of this runner to stop; answers whether such a run was active. */
    public boolean cancel(String runId) {
        Cancellation cancellation = active.get(runId);
        if (cancellation == null) {
            return false;
        }
        cancellation.cancel();
        return true;
    }

    /** Runs {@code work} as the execution of an active run: its reservation, or a new entry. */
    private RunState executing(String runId, Function<Cancellation, RunState> work) {
        Cancellation entry = active.computeIfAbsent(runId, id -> new Cancellation());
        if (!entry.execute()) {
            throw new IllegalStateException("run " + runId + ": running already (expected: one runner per run)");
        }
        try {
            return work.apply(entry);
        } finally {
            active.remove(runId, entry);
        }
    }

    private RunState execute(Chain chain, RunState start, int from, Cancellation cancellation) {
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
        return save(state.finished(RunStatus.SUCCEEDED, null, null, clock.instant()));
    }

    private RunState runStep(Chain chain, ChainLink link, RunState before, Cancellation cancellation) {
        String runId = before.runId();
        int position = link.position();
        if (cancellation.isCancelled()) {
            return save(before.finished(RunStatus.CANCELLED, link.id(), "cancelled", clock.instant()));
        }
        Payload input = inputs.of(runId, link);
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
                            input.bytes(),
                            input.contentType(),
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
