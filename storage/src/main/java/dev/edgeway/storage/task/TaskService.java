package dev.edgeway.storage.task;

import dev.edgeway.storage.StoreUnavailableException;
import dev.edgeway.storage.kv.NamedBucket;
import dev.edgeway.storage.kv.RevisionConflictException;
import dev.edgeway.storage.kv.StoredJson;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tasks and their metadata. Every change of the metadata is a read-modify-write on its
 * revision that is retried (a bounded number of times) when a concurrent writer got there
 * first, so concurrent variable writes never fail and never lose a name. The write starts from
 * the metadata this gateway last saw ({@link LastSeen}), so listing a new variable costs one
 * round trip when nobody else changed the task. Blocking: call it off the event loop.
 */
public final class TaskService {

    /** The status of a new task. */
    public static final String INITIAL_STATUS = "created";

    private static final JsonMapper JSON = StoredJson.MAPPER;

    private final NamedBucket bucket;
    private final int updateAttempts;
    private final Clock clock;
    private final KeyLocks locks = new KeyLocks();
    private final LastSeen<Task> seen = new LastSeen<>(1024);

    public TaskService(NamedBucket bucket, int updateAttempts, Clock clock) {
        this.bucket = bucket;
        this.updateAttempts = updateAttempts;
        this.clock = clock;
    }

    /** Creates a task; {@link TaskExistsException} when the id is taken. */
    public StoredTask create(TaskId id, String functionName) {
        Instant now = now();
        Task task = new Task(id.value(), functionName, INITIAL_STATUS, List.of(), now, now);
        try {
            return remember(new StoredTask(task, bucket.create(id.value(), JSON.writeValueAsBytes(task))));
        } catch (RevisionConflictException e) {
            throw new TaskExistsException(id);
        }
    }

    public Optional<StoredTask> find(TaskId id) {
        return bucket.get(id.value())
                .map(entry -> remember(new StoredTask(JSON.readValue(entry.value(), Task.class), entry.revision())));
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
                long revision = bucket.update(id.value(), JSON.writeValueAsBytes(updated), current.revision());
                return remember(new StoredTask(updated, revision));
            } catch (RevisionConflictException e) {
                throw new PreconditionFailedException("task " + id, precondition, null);
            }
        }
        return modify(id, task -> task.withStatus(status, now()));
    }

    /**
     * Sets the status and lists variables' names in one write of the metadata, for a writer that
     * stored them {@linkplain dev.edgeway.storage.variable.VariableService#putUnlisted unlisted};
     * {@link TaskNotFoundException} when the task is gone.
     */
    public void update(TaskId id, String status, Collection<String> names) {
        modify(id, task -> {
            List<String> missing = names.stream()
                    .filter(name -> !task.variables().contains(name))
                    .toList();
            if (missing.isEmpty() && task.status().equals(status)) {
                return task;
            }
            Task changed = task.status().equals(status) ? task : task.withStatus(status, now());
            if (missing.isEmpty()) {
                return changed;
            }
            List<String> all = new ArrayList<>(task.variables());
            all.addAll(missing);
            return changed.withVariables(all, now());
        });
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
        seen.forget(id.value());
        if (bucket.get(id.value()).isEmpty()) {
            return false;
        }
        bucket.delete(id.value());
        return true;
    }

    /** The ids of all tasks. */
    public Set<String> ids() {
        return bucket.keys().stream().collect(Collectors.toUnmodifiableSet());
    }

    /**
     * A compare-and-set loop rather than a library retry: the first attempt writes at the revision
     * last seen (one round trip), a stale "nothing to change" re-reads without a pause, and only a
     * lost race pauses (ConflictBackoff), on this blocking thread and outside the task's lock, so
     * the pause holds no other writer of the tasks sharing its stripe.
     */
    private StoredTask modify(TaskId id, UnaryOperator<Task> change) {
        for (int attempt = 1; attempt <= updateAttempts; attempt++) {
            boolean first = attempt == 1;
            StoredTask written = locks.withLock(id.value(), () -> tryModify(id, change, first));
            if (written != null) {
                return written;
            }
            ConflictBackoff.pause(attempt);
        }
        throw new StoreUnavailableException(
                "task " + id + ": " + updateAttempts + " concurrent updates in a row won the race; try again");
    }

    /** One write at the revision last seen (first attempt) or read now; null when another writer won the race. */
    private @Nullable StoredTask tryModify(TaskId id, UnaryOperator<Task> change, boolean useLastSeen) {
        LastSeen.Seen<Task> hint = useLastSeen ? seen.get(id.value()) : null;
        while (true) {
            boolean remembered = hint != null;
            StoredTask current = hint != null
                    ? new StoredTask(hint.value(), hint.revision())
                    : find(id).orElseThrow(() -> new TaskNotFoundException(id));
            hint = null; // a second pass reads what is there
            Task updated = change.apply(current.task());
            if (updated == current.task()) {
                if (remembered) {
                    continue; // nothing to write is a decision on stale data: confirm it on what is stored
                }
                return new StoredTask(updated, current.revision());
            }
            try {
                long revision = bucket.update(id.value(), JSON.writeValueAsBytes(updated), current.revision());
                return remember(new StoredTask(updated, revision));
            } catch (RevisionConflictException e) {
                return null;
            }
        }
    }

    private StoredTask remember(StoredTask stored) {
        seen.put(stored.task().taskId(), stored.revision(), stored.task());
        return stored;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
