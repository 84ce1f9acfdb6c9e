package dev.edgeway.gateway.pipeline;

import dev.edgeway.dag.linearize.Chain;
import dev.edgeway.dag.model.StepId;
import dev.edgeway.dag.run.ChainChangedException;
import dev.edgeway.dag.run.ChainRunner;
import dev.edgeway.dag.run.Payload;
import dev.edgeway.dag.run.RunState;
import dev.edgeway.dag.run.RunStatus;
import dev.edgeway.storage.task.StoredTask;
import dev.edgeway.storage.web.LargeBodyGate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Starts, resumes and looks up runs. A run is created as a task before it starts, so its id is
 * known at once; the chain runner then executes it on a run thread ({@link RunExecutors}),
 * synchronously for the caller or in the background. The runner tracks the runs of this gateway
 * that are executing or queued (reserved), so a resume of one of them is refused instead of
 * running it twice.
 */
final class PipelineRuns {

    private static final Logger log = LoggerFactory.getLogger(PipelineRuns.class);

    private final PipelineDefinitions definitions;
    private final StateStoreRunStore store;
    private final ChainRunner runner;
    private final RunExecutors executors;

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
     * Creates a run and queues it in the background; answers its id. {@code held} is closed when
     * the run ends. The run's place in the queue is taken first: a run refused with 503 is never
     * created.
     */
    Mono<String> submit(String name, byte[] input, LargeBodyGate.Permit held) {
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

    /** Resumes a failed or cancelled run from its first step without an output, synchronously. */
    Mono<RunResult> resume(String name, String runId) {
        return executors.sync(() -> {
            Chain chain = resumable(name, runId);
            reserve(runId);
            return execute(runId, () -> runner.resume(chain, runId), chain);
        });
    }

    /** Resumes a run in the background; answers at once. */
    Mono<String> resumeInBackground(String name, String runId) {
        return Blocking.call(() -> {
            Chain chain = resumable(name, runId);
            queue(executors.backgroundPlace(), runId, name, () -> runner.resume(chain, runId));
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
        try {
            return outcome(work.get(), chain);
        } finally {
            store.forget(runId);
        }
    }

    /** Marks a run active here until the runner has executed it, or refuses it as active already. */
    private void reserve(String runId) {
        if (!runner.reserve(runId)) {
            throw PipelineProblem.runActive(runId, "running or queued on this gateway");
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
                                lower(state.status()),
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

    private RunResult outcome(RunState state, Chain chain) {
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
