package dev.edgeway.dag.support;

import dev.edgeway.dag.model.StepId;
import dev.edgeway.dag.run.Payload;
import dev.edgeway.dag.run.RunState;
import dev.edgeway.dag.run.RunStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The {@link RunStore} port in memory, for unit tests; keeps every saved state in order. */
public final class InMemoryRunStore implements RunStore {

    private final Map<String, RunState> runs = new ConcurrentHashMap<>();
    private final Map<String, byte[]> inputs = new ConcurrentHashMap<>();
    private final Map<String, Payload> outputs = new ConcurrentHashMap<>();
    private final List<RunState> saved = new CopyOnWriteArrayList<>();

    @Override
    public Optional<RunState> load(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    @Override
    public void save(RunState state) {
        runs.put(state.runId(), state);
        saved.add(state);
    }

    @Override
    public Optional<byte[]> input(String runId) {
        return Optional.ofNullable(inputs.get(runId));
    }

    @Override
    public void saveInput(String runId, byte[] input) {
        inputs.put(runId, input);
    }

    @Override
    public Optional<Payload> output(String runId, StepId step) {
        return Optional.ofNullable(outputs.get(runId + "/" + step));
    }

    @Override
    public void saveOutput(String runId, StepId step, Payload output) {
        outputs.put(runId + "/" + step, output);
    }

    /** Removes a step's output, as if it had never finished. */
    public void dropOutput(String runId, StepId step) {
        outputs.remove(runId + "/" + step);
    }

    /** Every state saved so far, oldest first. */
    public List<RunState> saved() {
        return List.copyOf(saved);
    }
}
