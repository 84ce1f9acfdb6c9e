package dev.edgeway.dag.run;

import dev.edgeway.dag.model.StepId;
import java.util.Optional;

/**
 * Port: where runs are kept. The gateway keeps a run as a task of the state store (run id = task
 * id) and each step's output as a variable of that task named by the step id, so that resume and
 * run history come from the store and functions can read earlier outputs themselves.
 */
public interface RunStore {

    Optional<RunState> load(String runId);

    void save(RunState state);

    /** The pipeline input of a run, kept so that a resume can give it to the first steps again. */
    Optional<byte[]> input(String runId);

    void saveInput(String runId, byte[] input);

    /**
     * A step's output, with the media type its target answered where the store still knows it;
     * empty while the step has not finished in this run.
     */
    Optional<Payload> output(String runId, StepId step);

    void saveOutput(String runId, StepId step, Payload output);
}
