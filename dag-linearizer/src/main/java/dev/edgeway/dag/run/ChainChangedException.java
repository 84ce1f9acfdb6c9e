package dev.edgeway.dag.run;

import dev.edgeway.dag.model.StepId;
import java.util.List;

/**
 * A resume refused because the run was planned from other steps than the chain given to
 * resume it (its pipeline was changed since): the run's steps cannot be matched to the chain's.
 */
public final class ChainChangedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String runId;
    private final List<StepId> planned;
    private final List<StepId> chain;

    ChainChangedException(String runId, List<StepId> planned, List<StepId> chain) {
        super("run " + runId + ": steps " + planned + " (expected: the steps of the chain given to resume, " + chain
                + ")");
        this.runId = runId;
        this.planned = List.copyOf(planned);
        this.chain = List.copyOf(chain);
    }

    public String runId() {
        return runId;
    }

    /** The run's steps, in the order it was planned. */
    public List<StepId> planned() {
        return planned;
    }

    /** The steps of the chain given to resume it. */
    public List<StepId> chain() {
        return chain;
    }
}
