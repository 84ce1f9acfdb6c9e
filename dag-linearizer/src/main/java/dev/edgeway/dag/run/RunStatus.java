package dev.edgeway.dag.run;

/** Where a run is. */
public enum RunStatus {
    RUNNING,
    /** Every step is done; the last step's output is the run's output. */
    SUCCEEDED,
    /** A step failed; {@link RunState#stoppedAt()} names it and a resume starts there. */
    FAILED,
    /** Cancelled before {@link RunState#stoppedAt()} finished; a resume starts there. */
    CANCELLED
}
