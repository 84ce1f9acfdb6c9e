package dev.edgeway.dag.run;

import java.util.concurrent.CompletionStage;

/**
 * Port: calls a step's target. The gateway implements it with its one invocation path for
 * {@code function} steps and a pooled HTTP client for {@code http} steps. It starts the call and
 * returns at once; the runner waits for the stage with the step's timeout, and cancels it (through
 * {@link CompletionStage#toCompletableFuture()}) when the step times out or the run is cancelled,
 * so an implementation should stop the call when its future is cancelled.
 */
@FunctionalInterface
public interface StepInvoker {

    /**
     * @return the step's output, or a stage completed exceptionally when the call failed (its
     *     message becomes the step's error)
     */
    CompletionStage<Payload> invoke(StepCall call);
}
