package dev.edgeway.storage.task;

import dev.edgeway.storage.nats.Bucket;
import dev.edgeway.storage.nats.JetStreamStateStore;
import dev.edgeway.storage.nats.RevisionConflictException;
import dev.edgeway.storage.nats.StoreUnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tasks and their metadata. Every change of the metadata is a read-modify-write on its
 * revision that is retried (a bounded number of times) when a concurrent writer got there
 * first, so concurrent variable writes never fail and never lose a name. Blocking: call it off
 * the event loop.
 */
public final class TaskService {

    /** The status of a new task. */
    public static final String INITIAL_STATUS = "created";

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final JetStreamStateStore store;
    private final int updateAttempts;
    private final Clock clock;
    private final KeyLocks locks = new KeyLocks();

    public TaskService(JetStreamStateStore store, int updateAttempts, Clock clock) {
        this.store = store;
        this.updateAttempts = updateAttempts;
        this.clock = clock;
    }

    /** Creates a task; {@link TaskExistsException} when the id is taken. */
    public StoredTask create(TaskId id, String functionName) {
        Instant now = now();
        Task task = new Task(id.value(), functionName, INITIAL_STATUS, List.of(), now, now);
        try {
            return new StoredTask(task, store.create(Bucket.TASKS, id.value(), JSON.writeValueAsBytes(task)));
        } catch (RevisionConflictException e) {
            throw new TaskExistsException(id);
        }
    }

    public Optional<StoredTask> find(TaskId id) {
        return store.get(Bucket.TASKS, id.value())
                .map(entry -> new StoredTask(JSON.readValue(entry.value(), Task.class), entry.revision()));
    }

    /** Sets the status; with a revision precondition, only if the metadata is still at that revision. */
    public StoredTask setStatus(TaskId id, String status, Precondition precondition) {
        if (precondition instanceof Precondition.Revision expected) {
            StoredTask current = find(id).orElseThrow(() -> new TaskNotFoundException(id));
            if (current.revision() != expected.revision()) {
                throw new PreconditionFailedException("task " + id, precondition, current.revision());
            }
            Task updated = current.task().withStatus(status, now());
            try {
                long revision =
                        store.update(Bucket.TASKS, id.value(), JSON.writeValueAsBytes(updated), current.revision());
                return new StoredTask(updated, revision);
            } catch (RevisionConflictException e) {
                throw new PreconditionFailedException("task " + id, precondition, null);
            }
        }
        return modify(id, task -> task.withStatus(status, now()));
    }

    /** Lists a variable's name in its task's metadata; {@link TaskNotFoundException} when the task is gone. */
    public void addVariable(TaskId id, String name) {
        modify(id, task -> {
            if (task.variables().contains(name)) {
                return task;
            }
            List<String> names = new ArrayList<>(task.variables());
            names.add(name);
            return task.withVariables(names, now());
        });
    }

    /**
     * Drops a variable's name from its task's metadata, if {@code stillAbsent} confirms, after the
     * metadata was read, that the variable has not been written again meanwhile. A task that is
     * gone has nothing to drop.
     */
    public void removeVariable(TaskId id, String name, BooleanSupplier stillAbsent) {
        try {
            modify(id, task -> {
                if (!task.variables().contains(name) || !stillAbsent.getAsBoolean()) {
                    return task;
                }
                return task.withVariables(
                        task.variables().stream().filter(n -> !n.equals(name)).toList(), now());
            });
        } catch (TaskNotFoundException e) {
            // Deleted with its task.
        }
    }

    /** Deletes a task's metadata; returns whether it existed. Its variables are the caller's. */
    public boolean delete(TaskId id) {
        if (store.get(Bucket.TASKS, id.value()).isEmpty()) {
            return false;
        }
        store.purge(Bucket.TASKS, id.value());
        return true;
    }

    /** The ids of all tasks. */
    public Set<String> ids() {
        return store.keys(Bucket.TASKS).stream().collect(Collectors.toUnmodifiableSet());
    }

    private StoredTask modify(TaskId id, UnaryOperator<Task> change) {
        return locks.withLock(id.value(), () -> modifyLocked(id, change));
    }

    private StoredTask modifyLocked(TaskId id, UnaryOperator<Task> change) {
        for (int attempt = 1; attempt <= updateAttempts; attempt++) {
            StoredTask current = find(id).orElseThrow(() -> new TaskNotFoundException(id));
            Task updated = change.apply(current.task());
            if (updated == current.task()) {
                return new StoredTask(updated, current.revision());
            }
            try {
                long revision =
                        store.update(Bucket.TASKS, id.value(), JSON.writeValueAsBytes(updated), current.revision());
                return new StoredTask(updated, revision);
            } catch (RevisionConflictException e) {
                ConflictBackoff.pause(attempt);
            }
        }
        throw new StoreUnavailableException(
                "task " + id + ": " + updateAttempts + " concurrent updates in a row won the race; try again");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
