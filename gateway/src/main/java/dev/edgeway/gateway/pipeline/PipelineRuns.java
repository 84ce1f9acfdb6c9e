package dev.edgeway.gateway.pipeline;

import dev.edgeway.dag.linearize.Chain;
import dev.edgeway.dag.model.StepId;
import dev.edgeway.dag.run.ChainRunner;
import dev.edgeway.dag.run.RunState;
import dev.edgeway.dag.run.RunStatus;
import dev.edgeway.dag.run.StepState;
import dev.edgeway.storage.task.StoredTask;
import dev.edgeway.storage.web.LargeBodyGate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Starts, resumes and looks up runs. A run is created as a task before it starts, so its id is
 * known at once; the chain runner then executes it on a run thread ({@link RunExecutors}),
 * synchronously for the caller or in the background. Runs of this gateway that are executing
 * or queued are tracked, so a resume of one of them is refused instead of running it twice.
 */
final class PipelineRuns {

    private static final Logger log = LoggerFactory.getLogger(PipelineRuns.class);

    private final PipelineDefinitions definitions;
    private final StateStoreRunStore store;
    private final ChainRunner runner;
    private final RunExecutors executors;
    private final Set<String> active = ConcurrentHashMap.newKeySet();

    PipelineRuns(
            PipelineDefinitions definitions, StateStoreRunStore store, ChainRunner runner, RunExecutors executors) {
        this.definitions = definitions;
        this.store = store;
        this.runner = runner;
        this.executors = executors;
    }

    /** Runs a pipeline and answers when it has finished: its output, or a problem naming the failed step. */
    Mono<RunResult> run(String name, byte[] input) {
        return executors.sync(() -> {
            Pipeline pipeline = definitions.require(name);
            String runId = PipelineNames.newRunId();
            store.create(runId, name);
            return execute(runId, () -> runner.run(pipeline.chain(), runId, input), pipeline.chain());
        });
    }

    /**
     * Runs a pipeline under the caller's run id (the Kafka trigger's, from a record's topic,
     * partition and offset), so that a redelivered record does not start a second run: a new id
     * starts the run; a run that succeeded answers its output again without calling a step; one
     * that failed, was cancelled or was left running by a gateway that died resumes from its first
     * step without an output. Synchronous, as {@link #run}.
     */
    Mono<RunResult> runOnce(String name, byte[] input, String runId) {
        return executors.sync(() -> {
            Chain chain = definitions.require(name).chain();
            if (store.createIfAbsent(runId, name)) {
                return execute(runId, () -> runner.run(chain, runId, input), chain);
            }
            StoredTask task = requireRun(name, runId);
            Optional<RunState> state = store.load(runId);
            boolean succeeded = state.map(s -> s.status() == RunStatus.SUCCEEDED)
                    .orElse(task.task().status().equals(lower(RunStatus.SUCCEEDED)));
            if (succeeded) {
                log.info("Pipeline {} run {} succeeded before: not run again", name, runId);
                // The output is kept for run-retention; after it, the run is still known to have succeeded.
                byte[] output = store.output(runId, chain.ids().getLast()).orElse(new byte[0]);
                return new RunResult(runId, output);
            }
            if (state.isEmpty()) {
                // Created, but stopped before its first state was written (or that state expired): start it.
                return execute(runId, () -> runner.run(chain, runId, input), chain);
            }
            log.info(
                    "Pipeline {} run {} {} before: resumed",
                    name,
                    runId,
                    lower(state.get().status()));
            Chain resumable = resumable(name, runId);
            return execute(runId, () -> runner.resume(resumable, runId), resumable);
        });
    }

    /** Creates a run and queues it in the background; answers its id. {@code held} is closed when the run ends. */
    Mono<String> submit(String name, byte[] input, LargeBodyGate.Permit held) {
        return Blocking.call(() -> {
            Pipeline pipeline = definitions.require(name);
            String runId = PipelineNames.newRunId();
            store.create(runId, name);
            store.queue(runId, input);
            try {
                queueClaimed(runId, name, () -> runner.run(pipeline.chain(), runId, input), held::close);
            } catch (PipelineProblem full) {
                held.close();
                // Refused: take it back so that no recovery runs what the caller was told is not accepted.
                if (store.claim(runId)) {
                    store.delete(runId);
                    throw full;
                }
            }
            return runId;
        });
    }

    /**
     * Queues the runs accepted for the background that no gateway started (their gateway was
     * killed, or stopped with them queued); each is claimed before it executes, so a run that
     * another gateway still has queued executes once. Stops when the queue is full: the rest
     * stay queued for the next start. Blocking.
     */
    int recoverQueued() {
        int recovered = 0;
        for (StoredTask task : store.queued()) {
            String runId = task.task().taskId();
            String name = task.task().functionName();
            if (active.contains(runId)) {
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
                queueClaimed(runId, name, () -> runner.run(pipeline.get().chain(), runId, input.get()), () -> {});
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
    private void queueClaimed(String runId, String name, Supplier<RunState> work, Runnable ended) {
        queue(runId, name, () -> {
            try {
                if (!store.claim(runId)) {
                    log.debug("Pipeline {} run {} was taken by another gateway", name, runId);
                    return null;
                }
                return work.get();
            } finally {
                ended.run();
            }
        });
    }

    /** Resumes a failed or cancelled run from its first step without an output, synchronously. */
    Mono<RunResult> resume(String name, String runId) {
        return executors.sync(() -> {
            Chain chain = resumable(name, runId);
            return execute(runId, () -> runner.resume(chain, runId), chain);
        });
    }

    /** Resumes a run in the background; answers at once. */
    Mono<String> resumeInBackground(String name, String runId) {
        return Blocking.call(() -> {
            Chain chain = resumable(name, runId);
            queue(runId, name, () -> runner.resume(chain, runId));
            return runId;
        });
    }

    /** The run's status, step by step. */
    Mono<RunView> status(String name, String runId) {
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

    private Chain resumable(String name, String runId) {
        Chain chain = definitions.require(name).chain();
        requireRun(name, runId);
        if (active.contains(runId)) {
            throw PipelineProblem.runActive(runId, "running or queued on this gateway");
        }
        RunState state = store.load(runId).orElseThrow(() -> PipelineProblem.runActive(runId, "queued, not started"));
        List<StepId> planned = state.steps().stream().map(StepState::step).toList();
        if (!planned.equals(chain.ids())) {
            throw new PipelineProblem(
                    ProblemType.PIPELINE_CHANGED,
                    "run " + runId + ": steps " + planned + " (expected: the steps of pipeline " + name
                            + " as it is now, " + chain.ids() + "; start a new run)",
                    Map.of("run_id", runId, "run_steps", ids(planned), "pipeline_steps", ids(chain.ids())),
                    Map.of(RunResponses.RUN_ID, runId));
        }
        return chain;
    }

    private StoredTask requireRun(String name, String runId) {
        return store.task(runId)
                .filter(task -> task.task().functionName().equals(name))
                .orElseThrow(() -> PipelineProblem.runNotFound(name, runId));
    }

    private RunResult execute(String runId, Supplier<RunState> work, Chain chain) {
        if (!active.add(runId)) {
            throw PipelineProblem.runActive(runId, "running or queued on this gateway");
        }
        try {
            return outcome(work.get(), chain);
        } finally {
            store.forget(runId);
            active.remove(runId);
        }
    }

    private void queue(String runId, String name, Supplier<@Nullable RunState> work) {
        if (!active.add(runId)) {
            throw PipelineProblem.runActive(runId, "running or queued on this gateway");
        }
        try {
            executors.background(() -> {
                try {
                    RunState state = work.get();
                    if (state != null && state.status() != RunStatus.SUCCEEDED) {
                        log.info(
                                "Pipeline {} run {} {} at step {}: {}",
                                name,
                                runId,
                                lower(state.status()),
                                state.stoppedAt(),
                                state.reason());
                    }
                } catch (RuntimeException e) {
                    log.warn("Pipeline {} run {} could not run: {}", name, runId, e.toString());
                } finally {
                    store.forget(runId);
                    active.remove(runId);
                }
            });
        } catch (PipelineProblem refused) {
            active.remove(runId);
            throw refused;
        }
    }

    private RunResult outcome(RunState state, Chain chain) {
        String runId = state.runId();
        return switch (state.status()) {
            case SUCCEEDED -> {
                StepId last = chain.ids().getLast();
                byte[] output = store.output(runId, last)
                        .orElseThrow(() -> new IllegalStateException("run " + runId + ": no output of " + last));
                yield new RunResult(runId, output);
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
        String detail = "run " + state.runId() + " of pipeline " + state.pipeline() + " " + lower(state.status())
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
                Map.of(RunResponses.RUN_ID, state.runId()));
    }

    private static List<String> ids(List<StepId> ids) {
        return ids.stream().map(StepId::value).toList();
    }

    private static String lower(RunStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }
}
