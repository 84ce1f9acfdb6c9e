package dev.edgeway.gateway.pipeline.run;

import dev.edgeway.dag.linearize.Chain;
import dev.edgeway.dag.run.ChainChangedException;
import dev.edgeway.dag.run.ChainRunner;
import dev.edgeway.dag.run.RunState;
import dev.edgeway.dag.run.RunStatus;
import dev.edgeway.gateway.pipeline.definition.Pipeline;
import dev.edgeway.gateway.pipeline.definition.PipelineDefinitions;
import dev.edgeway.storage.stream.Delivery;
import dev.edgeway.storage.task.StoredTask;
import dev.edgeway.storage.web.LargeBodyGate;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Executes one run delivered by the {@link RunQueue}, on a background run thread. The gateway
 * holding the delivery is the run's only executor: a run still {@code queued} is claimed and
 * started; one already {@code running} was left so by a gateway that died (its delivery came
 * back only because nobody extended it), and resumes from its first step without an output; one
 * that ended is acknowledged. While the run executes its ack deadline is extended; the delivery
 * is acknowledged only once the run's outcome is final, so a gateway killed mid-run hands it on.
 */
final class QueuedRunExecution {

    private static final Logger log = LoggerFactory.getLogger(QueuedRunExecution.class);

    private final PipelineDefinitions definitions;
    private final StateStoreRunStore store;
    private final ChainRunner runner;
    private final LargeBodyGate gate;
    private final Duration ackWait;

    QueuedRunExecution(
            PipelineDefinitions definitions,
            StateStoreRunStore store,
            ChainRunner runner,
            LargeBodyGate gate,
            Duration ackWait) {
        this.definitions = definitions;
        this.store = store;
        this.runner = runner;
        this.gate = gate;
        this.ackWait = ackWait;
    }

    void execute(RunQueue.Taken taken) {
        RunQueue.QueuedRun run = taken.run();
        Delivery delivery = taken.delivery();
        Optional<StoredTask> task = store.task(run.runId());
        Optional<Pipeline> pipeline = definitions.find(run.pipeline());
        if (task.isEmpty()
                || pipeline.isEmpty()
                || StateStoreRunStore.hasEnded(task.get().task().status())) {
            if (task.isPresent() && pipeline.isEmpty()) {
                log.warn(
                        "Pipeline {} run {} dropped from the queue: the pipeline is gone", run.pipeline(), run.runId());
            }
            delivery.ack(); // ended, or nothing left to run it with
            return;
        }
        if (!runner.reserve(run.runId())) {
            delivery.retryAfter(ackWait); // a resume of it executes here: look again later
            return;
        }
        // In-progress acks from a timer, as a step may take far longer than the ack wait.
        Disposable alive =
                Flux.interval(ackWait.dividedBy(3), Schedulers.parallel()).subscribe(tick -> delivery.inProgress());
        try (LargeBodyGate.Permit input = gate.admit(run.inputSize() * 2, "pipeline input")) {
            RunState state = start(run, task.get(), pipeline.get().chain());
            if (state == null) {
                delivery.retryAfter(Duration.ofSeconds(1));
                return;
            }
            if (state.status() != RunStatus.SUCCEEDED) {
                log.info(
                        "Pipeline {} run {} {} at step {}: {}",
                        run.pipeline(),
                        run.runId(),
                        StateStoreRunStore.lower(state.status()),
                        state.stoppedAt(),
                        state.reason());
            }
            delivery.ack();
        } catch (NoSuchElementException gone) {
            log.warn("Pipeline {} run {} dropped from the queue: {}", run.pipeline(), run.runId(), gone.getMessage());
            delivery.ack(); // its input or state expired with run-retention
        } catch (ChainChangedException changed) {
            log.warn(
                    "Pipeline {} run {} dropped from the queue: {}", run.pipeline(), run.runId(), changed.getMessage());
            delivery.ack(); // planned from other steps than the pipeline has now: only a new run can execute
        } catch (RuntimeException e) {
            // The store, NATS or the heap could not serve it now: it comes back after a pause.
            log.warn(
                    "Pipeline {} run {} could not run, it is delivered again: {}",
                    run.pipeline(),
                    run.runId(),
                    e.toString());
            delivery.retryAfter(ackWait);
        } finally {
            alive.dispose();
            runner.release(run.runId());
            store.forget(run.runId());
        }
    }

    /** Starts or resumes the run as its task says; null when its claim was lost (it is looked at again). */
    private @Nullable RunState start(RunQueue.QueuedRun run, StoredTask task, Chain chain) {
        String runId = run.runId();
        if (task.task().status().equals(StateStoreRunStore.QUEUED)) {
            if (!store.claim(runId)) {
                return null;
            }
            return runner.run(chain, runId, requireInput(runId));
        }
        if (store.load(runId).isEmpty()) {
            // Claimed by a gateway that died before the run's first state was stored.
            return runner.run(chain, runId, requireInput(runId));
        }
        log.info("Pipeline {} run {} was left running by a gateway that stopped: resumed", run.pipeline(), runId);
        return runner.resume(chain, runId);
    }

    private byte[] requireInput(String runId) {
        return store.input(runId)
                .orElseThrow(() -> new NoSuchElementException("run " + runId + ": its input is gone (run-retention)"));
    }
}
