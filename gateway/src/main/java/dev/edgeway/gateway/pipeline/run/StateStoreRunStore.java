package dev.edgeway.gateway.pipeline.run;

import dev.edgeway.dag.model.StepId;
import dev.edgeway.dag.run.Payload;
import dev.edgeway.dag.run.RunState;
import dev.edgeway.dag.run.RunStatus;
import dev.edgeway.dag.run.RunStore;
import dev.edgeway.gateway.pipeline.JsonSniffer;
import dev.edgeway.storage.kv.StoredJson;
import dev.edgeway.storage.task.Precondition;
import dev.edgeway.storage.task.PreconditionFailedException;
import dev.edgeway.storage.task.StoredTask;
import dev.edgeway.storage.task.TaskExistsException;
import dev.edgeway.storage.task.TaskId;
import dev.edgeway.storage.task.TaskService;
import dev.edgeway.storage.variable.ValueFormat;
import dev.edgeway.storage.variable.Variable;
import dev.edgeway.storage.variable.VariableName;
import dev.edgeway.storage.variable.VariableService;
import dev.edgeway.storage.variable.VariableWrite;
import dev.edgeway.storage.variable.WriteResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chain runner's {@link RunStore} over the state store: a run is a task (run id = task id,
 * {@code function_name} = the pipeline, {@code status} = the run's status), and each step's
 * output is a variable of that task named by the step id (JSON when it is JSON, else binary).
 * Two reserved variables, whose {@code _} no step id can contain, hold the rest: {@code _input}
 * (the pipeline input) and {@code _run} (the {@link StoredRun} JSON). So functions read earlier
 * outputs and the run's state through the state API.
 *
 * <p>Outputs and the input are written before the runner moves on, so a step's parents' outputs
 * are in the store when it is called. Intermediate run states are written behind the runner
 * ({@link RunStateWriter}); the final one before the runner returns. The names of new variables
 * are listed in the run's task with the next run state, in the same write as its status, not
 * one write per output ({@link VariableService#putUnlisted}): a step costs one round trip, and
 * the task lists every output once the run has ended. An output a resume reads back is listed
 * again, in case the gateway that wrote it died before listing it. While a run executes here,
 * its input and its latest output are also kept in memory, so the next step's input is not
 * read back ({@link #forget} drops them). Blocking: call it off the event loop.
 */
public final class StateStoreRunStore implements RunStore, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StateStoreRunStore.class);

    public static final VariableName RUN = new VariableName("_run");
    public static final VariableName INPUT = new VariableName("_input");
    /** The task status of a run accepted for the background and not started yet. */
    public static final String QUEUED = "queued";

    private static final JsonMapper JSON = StoredJson.MAPPER;

    private final TaskService tasks;
    private final VariableService variables;
    /** The status last written to each active run's task, so that it is written only when it changes. */
    private final Map<String, RunStatus> taskStatus = new ConcurrentHashMap<>();

    private final Map<String, byte[]> inputs = new ConcurrentHashMap<>();
    private final Map<String, Output> lastOutputs = new ConcurrentHashMap<>();
    /** Runs whose task this store created and which have no state yet: nothing to read back. */
    private final Set<String> created = ConcurrentHashMap.newKeySet();
    /** Per active run, the variables stored and not yet listed in its task. */
    private final Map<String, Set<String>> unlisted = new ConcurrentHashMap<>();

    private final RunStateWriter states;
    private final @Nullable Duration retention;

    private record Output(StepId step, Payload value) {}

    /**
     * @param stateInterval the least time between two stored intermediate states of one run
     * @param retention the TTL of a run's input, outputs and state, zero for none: runs are open to
     *     anyone, so what they leave in the store must go away by itself
     */
    public StateStoreRunStore(
            TaskService tasks, VariableService variables, Duration stateInterval, Duration retention) {
        this.tasks = tasks;
        this.variables = variables;
        this.states = new RunStateWriter(this::write, stateInterval);
        this.retention = retention.isZero() ? null : retention;
    }

    /** Drops what is kept in memory for a run that is no longer executing here. */
    public void forget(String runId) {
        states.discard(runId);
        taskStatus.remove(runId);
        inputs.remove(runId);
        lastOutputs.remove(runId);
        unlisted.remove(runId);
        created.remove(runId);
    }

    /** Creates the task of a new run; the chain runner then writes its input and state. */
    public void create(String runId, String pipeline) {
        tasks.create(new TaskId(runId), pipeline);
        created.add(runId);
    }

    /** Creates the task of a run under a caller's id; false when that run exists already. */
    boolean createIfAbsent(String runId, String pipeline) {
        try {
            tasks.create(new TaskId(runId), pipeline);
            created.add(runId);
            return true;
        } catch (TaskExistsException exists) {
            return false;
        }
    }

    /**
     * Marks a new run as accepted for the background: its input is stored first, so that any
     * gateway can execute it when the one that queued it dies before it starts.
     */
    public void queue(String runId, byte[] input) {
        created.remove(runId); // any gateway may execute it now, and store its states
        saveInput(runId, input);
        tasks.update(new TaskId(runId), QUEUED, takeUnlisted(runId));
    }

    /**
     * Removes a run that was created but could not be queued (the 503 its caller gets says it was
     * not accepted), so no {@code queued} task stays behind that no message will ever execute.
     * When the store cannot delete it either, it expires with the runs' retention.
     */
    public void discard(String runId) {
        forget(runId);
        try {
            variables.deleteTask(new TaskId(runId));
        } catch (RuntimeException e) {
            log.warn(
                    "Run {} was not queued and could not be removed ({}); it expires with its retention",
                    runId,
                    e.toString());
        }
    }

    /**
     * Takes a queued run for execution here: its status goes from {@code queued} to
     * {@code running} through a compare-and-set on the task's revision, so of several gateways
     * (or two deliveries of its run queue message) exactly one wins. False when another got there first.
     */
    public boolean claim(String runId) {
        TaskId id = new TaskId(runId);
        while (true) {
            Optional<StoredTask> task = tasks.find(id);
            if (task.isEmpty() || !task.get().task().status().equals(QUEUED)) {
                return false;
            }
            try {
                tasks.setStatus(
                        id,
                        lower(RunStatus.RUNNING),
                        new Precondition.Revision(task.get().revision()));
                taskStatus.put(runId, RunStatus.RUNNING);
                return true;
            } catch (PreconditionFailedException changed) {
                // Another writer changed the task (a claim, or a variable listed): look again.
            }
        }
    }

    /** The task of a run, if it exists. */
    public Optional<StoredTask> task(String runId) {
        return tasks.find(new TaskId(runId));
    }

    @Override
    public Optional<RunState> load(String runId) {
        Optional<RunState> latest = states.latest(runId);
        if (latest.isPresent() || created.contains(runId)) {
            return latest;
        }
        return variables.find(new TaskId(runId), RUN).map(v -> JSON.readValue(v.value(), StoredRun.class)
                .toState());
    }

    @Override
    public void save(RunState state) {
        created.remove(state.runId());
        if (state.status() == RunStatus.RUNNING) {
            states.offer(state);
        } else {
            states.flush(state);
        }
    }

    private void write(RunState state) {
        put(state.runId(), RUN, "pipeline-run", ValueFormat.JSON, JSON.writeValueAsBytes(StoredRun.of(state)));
        RunStatus previous = state.status() == RunStatus.RUNNING
                ? taskStatus.put(state.runId(), state.status())
                : taskStatus.remove(state.runId());
        List<String> names = takeUnlisted(state.runId());
        if (previous != state.status() || !names.isEmpty()) {
            try {
                tasks.update(new TaskId(state.runId()), lower(state.status()), names);
            } catch (RuntimeException e) {
                names.forEach(name -> toList(state.runId(), name));
                throw e;
            }
        }
    }

    /** The names stored since the last listing, taken for listing now. */
    private List<String> takeUnlisted(String runId) {
        Set<String> names = unlisted.get(runId);
        if (names == null) {
            return List.of();
        }
        List<String> taken = new ArrayList<>();
        for (String name : names) {
            if (names.remove(name)) {
                taken.add(name);
            }
        }
        return taken;
    }

    private void toList(String runId, String name) {
        unlisted.computeIfAbsent(runId, id -> ConcurrentHashMap.newKeySet()).add(name);
    }

    @Override
    public Optional<byte[]> input(String runId) {
        byte[] kept = inputs.get(runId);
        if (kept != null) {
            return Optional.of(kept);
        }
        Optional<byte[]> stored = variables.find(new TaskId(runId), INPUT).map(Variable::value);
        stored.ifPresent(value -> toList(runId, INPUT.value()));
        return stored;
    }

    @Override
    public void saveInput(String runId, byte[] input) {
        if (inputs.get(runId) == input) {
            return; // Stored when the run was queued.
        }
        put(runId, INPUT, "pipeline-input", format(input), input);
        inputs.put(runId, input);
    }

    @Override
    public Optional<Payload> output(String runId, StepId step) {
        Output last = lastOutputs.get(runId);
        if (last != null && last.step().equals(step)) {
            return Optional.of(last.value());
        }
        // The store keeps no content type: an output read back is told from its bytes.
        Optional<Payload> stored = variables
                .find(new TaskId(runId), new VariableName(step.value()))
                .map(v -> Payload.of(v.value()));
        stored.ifPresent(value -> toList(runId, step.value()));
        return stored;
    }

    @Override
    public void saveOutput(String runId, StepId step, Payload output) {
        put(runId, new VariableName(step.value()), "step-output", format(output.bytes()), output.bytes());
        lastOutputs.put(runId, new Output(step, output));
    }

    @Override
    public void close() throws InterruptedException {
        states.close();
    }

    private void put(String runId, VariableName name, String type, ValueFormat format, byte[] value) {
        WriteResult result = variables.putUnlisted(
                new VariableWrite(new TaskId(runId), name, type, format, value, retention, Precondition.NONE));
        if (result.created()) {
            toList(runId, name.value());
        }
    }

    /**
     * True when a run's task says it finished (succeeded, failed or cancelled); a run that is
     * created, queued or just claimed may have no state recorded yet.
     */
    public static boolean hasEnded(String taskStatus) {
        return taskStatus.equals(lower(RunStatus.SUCCEEDED))
                || taskStatus.equals(lower(RunStatus.FAILED))
                || taskStatus.equals(lower(RunStatus.CANCELLED));
    }

    private static ValueFormat format(byte[] value) {
        return JsonSniffer.isJson(value) ? ValueFormat.JSON : ValueFormat.BINARY;
    }

    /** A run status as the run's task records it, and as messages and logs name it. */
    static String lower(RunStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }
}
