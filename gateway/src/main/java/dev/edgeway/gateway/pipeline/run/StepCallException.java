package dev.edgeway.gateway.pipeline.run;

/** A step call that failed; its message becomes the step's error in the run. */
final class StepCallException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    StepCallException(String message) {
        super(message, null, false, false);
    }
}
