package dev.edgeway.dag.run;

/**
 * Port: calls a step's target. The gateway implements it with its one invocation path for
 * {@code function} steps and a pooled HTTP client for {@code http} steps. Called on a thread of
 * its own per attempt; the runner interrupts it when the step times out or the run is cancelled.
 */
@FunctionalInterface
public interface StepInvoker {

    /**
     * @return the step's output
     * @throws Exception when the call failed; its message becomes the step's error
     */
    byte[] invoke(StepCall call) throws Exception;
}
