package dev.edgeway.dag.run;

/** Where one step of a run is. */
public enum StepStatus {
    /** Not started in this run yet, or stopped by a cancel before it finished. */
    PENDING,
    /** Being called (possibly between retries). */
    RUNNING,
    /** Finished; its output is in the run store. */
    DONE,
    /** Failed after its last attempt; the run stopped here. */
    FAILED
}
