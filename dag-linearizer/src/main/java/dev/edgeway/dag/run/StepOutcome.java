package dev.edgeway.dag.run;

/** How a step ended after all its attempts. */
sealed interface StepOutcome {

    record Done(Payload output) implements StepOutcome {}

    record Failed(String reason) implements StepOutcome {}

    record Cancelled() implements StepOutcome {}
}
