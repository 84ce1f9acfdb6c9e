package dev.edgeway.storage.variable;

import dev.edgeway.storage.StoreUnavailableException;
import dev.edgeway.storage.kv.Entry;
import dev.edgeway.storage.kv.NamedBucket;
import dev.edgeway.storage.kv.RevisionConflictException;
import dev.edgeway.storage.nats.LargeValueSpill;
import dev.edgeway.storage.task.ConflictBackoff;
import dev.edgeway.storage.task.KeyLocks;
import dev.edgeway.storage.task.LastSeen;
import dev.edgeway.storage.task.Precondition;
import dev.edgeway.storage.task.PreconditionFailedException;
import dev.edgeway.storage.task.Task;
import dev.edgeway.storage.task.TaskId;
import dev.edgeway.storage.task.TaskNotFoundException;
import dev.edgeway.storage.task.TaskService;
import dev.edgeway.storage.variable.StoredValue.Header;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Variables of tasks: reads, listings, deletes, and writes through {@link VariableWrites}, which
 * replace an entry at a known revision (a compare-and-set). A value's expiry travels in its
 * entry's header (for readers) and in a message header (for the sweeper's index,
 * {@link NamedBucket#expiries}); expired values read as absent. Blocking: call it off the event loop.
 */
public final class VariableService {

    private static final Logger log = LoggerFactory.getLogger(VariableService.class);
    private static final int SPILL_READ_ATTEMPTS = 3;

    private final NamedBucket values;
    private final LargeValueSpill spill;
    private final TaskService tasks;
    private final Limits limits;
    private final Clock clock;
    private final KeyLocks locks = new KeyLocks();
    private final LastSeen<Header> seen = new LastSeen<>(16_384);
    private final VariableWrites writes;

    /**
     * The limits of values.
     *
     * @param maxValueSize the largest value accepted
     * @param largeValueThreshold values larger than this go to the Object Store
     * @param maxTtl the longest TTL accepted (the bucket max age), zero for no limit
     * @param updateAttempts how often a write retries after losing a revision race
     */
    public record Limits(long maxValueSize, long largeValueThreshold, Duration maxTtl, int updateAttempts) {}

    public VariableService(NamedBucket values, LargeValueSpill spill, TaskService tasks, Limits limits, Clock clock) {
        this.values = values;
        this.spill = spill;
        this.tasks = tasks;
        this.limits = limits;
        this.clock = clock;
        this.writes = new VariableWrites(values, spill, tasks, limits, locks, seen, this::now, this::deleteQuietly);
    }

    static String key(TaskId taskId, VariableName name) {
        return taskId.value() + "." + name.value();
    }

    /** The largest value accepted. */
    public long maxValueSize() {
        return limits.maxValueSize();
    }

    /** The variable's live value, or empty when it is absent or expired. */
    public Optional<Variable> find(TaskId taskId, VariableName name) {
        return find(taskId, name, size -> {});
    }

    /**
     * The variable's live value, or empty when it is absent or expired; {@code beforeLargeRead}
     * is told the size of a value in the Object Store before it is fetched (to admit it to the
     * heap, or refuse by throwing). One read of the entry, and of the object when there is one.
     */
    public Optional<Variable> find(TaskId taskId, VariableName name, LongConsumer beforeLargeRead) {
        String key = key(taskId, name);
        for (int attempt = 1; attempt <= SPILL_READ_ATTEMPTS; attempt++) {
            Optional<Entry> entry = values.get(key);
            if (entry.isEmpty()) {
                return Optional.empty();
            }
            long revision = entry.get().revision();
            // A revision names one entry for good: the header this gateway wrote or read at it need
            // not be parsed again (most reads follow this gateway's own write).
            LastSeen.Seen<Header> known = seen.get(key);
            Header header;
            if (known != null && known.revision() == revision) {
                header = known.value();
            } else {
                header = StoredValue.headerOf(entry.get().value());
                seen.put(key, revision, header);
            }
            if (header.isExpiredAt(now())) {
                return Optional.empty();
            }
            byte[] value = StoredValue.inlineOf(entry.get().value());
            if (header.object() != null) {
                beforeLargeRead.accept(header.size());
                Optional<byte[]> spilled = spill.get(header.object());
                if (spilled.isEmpty()) {
                    continue; // replaced (and its object deleted) between the two reads: read again
                }
                value = spilled.get();
            }
            return Optional.of(new Variable(
                    taskId,
                    name,
                    header.varType(),
                    header.format(),
                    value,
                    header.timestamp(),
                    header.expiresAt(),
                    entry.get().revision()));
        }
        log.warn("Variable {} points to a large value that is gone; treating it as absent", key);
        return Optional.empty();
    }

    /** Stores a value ({@link VariableWrites} has the steps). */
    public WriteResult put(VariableWrite write) {
        return writes.put(write, true);
    }

    /**
     * Stores a value without listing a new variable in its task's metadata: one round trip less
     * for a writer that lists its variables itself, several at once ({@link TaskService#update}),
     * such as a pipeline run, whose task exists while it runs. {@link WriteResult#created} tells
     * whether the name still needs listing. Nothing checks that the task exists.
     */
    public WriteResult putUnlisted(VariableWrite write) {
        return writes.put(write, false);
    }

    private static void check(Precondition precondition, String key, @Nullable Long liveRevision) {
        if (!VariableWrites.holds(precondition, liveRevision)) {
            throw new PreconditionFailedException("variable " + key, precondition, liveRevision);
        }
    }

    /** Deletes a live variable; {@link VariableNotFoundException} when there is none. */
    public void delete(TaskId taskId, VariableName name, Precondition precondition) {
        String key = key(taskId, name);
        locks.withLock(key, () -> {
            deleteLocked(taskId, name, key, precondition);
            return null;
        });
    }

    private void deleteLocked(TaskId taskId, VariableName name, String key, Precondition precondition) {
        for (int attempt = 1; attempt <= limits.updateAttempts(); attempt++) {
            Optional<Entry> old = values.get(key);
            Optional<Header> header = old.map(e -> StoredValue.headerOf(e.value()));
            boolean live = header.isPresent() && !header.get().isExpiredAt(now());
            if (!(precondition instanceof Precondition.None)) {
                check(precondition, key, live ? old.get().revision() : null);
            }
            if (!live) {
                throw new VariableNotFoundException(taskId, name);
            }
            try {
                values.delete(key, old.get().revision());
            } catch (RevisionConflictException e) {
                if (!(precondition instanceof Precondition.None)) {
                    throw new PreconditionFailedException("variable " + key, precondition, null);
                }
                ConflictBackoff.pause(attempt);
                continue;
            }
            forget(taskId, name, header.get());
            return;
        }
        throw new StoreUnavailableException("variable " + key + ": " + limits.updateAttempts()
                + " concurrent writes in a row won the race; try again");
    }

    /** After a variable's entry is gone: its large value, and its name in the task. */
    void forget(TaskId taskId, VariableName name, Header removed) {
        String key = key(taskId, name);
        seen.forget(key);
        if (removed.object() != null) {
            deleteQuietly(removed.object());
        }
        tasks.removeVariable(taskId, name.value(), () -> values.get(key).isEmpty());
    }

    /**
     * The task as a reader should see it: without the variables whose TTL has passed, which
     * reads already treat as absent, although the sweeper has not removed them from the task yet.
     */
    public Task withoutExpired(Task task) {
        if (task.variables().isEmpty()) {
            return task;
        }
        String prefix = task.taskId() + ".";
        Instant now = now();
        // The expiry marks of the task's latest entries: each write sets its own or none.
        List<String> expired = values.expiries(task.taskId()).entrySet().stream()
                .filter(due -> !now.isBefore(due.getValue()))
                .map(due -> due.getKey().substring(prefix.length()))
                .toList();
        if (expired.isEmpty()) {
            return task;
        }
        List<String> live = task.variables().stream()
                .filter(name -> !expired.contains(name))
                .toList();
        return new Task(task.taskId(), task.functionName(), task.status(), live, task.createdAt(), task.updatedAt());
    }

    /** One page of a task's live variables in name order, after {@code after} when given. */
    public VariablePage list(TaskId taskId, @Nullable VariableName after, int limit) {
        if (tasks.find(taskId).isEmpty()) {
            throw new TaskNotFoundException(taskId);
        }
        String prefix = taskId.value() + ".";
        List<String> names = values.keysUnder(taskId.value()).stream()
                .map(key -> key.substring(prefix.length()))
                .filter(name -> after == null || name.compareTo(after.value()) > 0)
                .sorted()
                .toList();
        Instant now = now();
        List<VariableSummary> page = new ArrayList<>();
        int examined = 0;
        while (examined < names.size() && page.size() < limit) {
            String name = names.get(examined++);
            values.get(prefix + name).ifPresent(entry -> {
                Header header = StoredValue.headerOf(entry.value());
                if (!header.isExpiredAt(now)) {
                    page.add(new VariableSummary(
                            new VariableName(name),
                            header.varType(),
                            header.format(),
                            header.size(),
                            header.timestamp(),
                            header.expiresAt(),
                            entry.revision()));
                }
            });
        }
        return new VariablePage(page, examined < names.size() ? names.get(examined - 1) : null);
    }

    /**
     * Deletes a task, then its variables. Returns false when there was neither. A delete that
     * fails midway leaves variables without a task, which a retry or the sweeper removes.
     */
    public boolean deleteTask(TaskId taskId) {
        boolean existed = tasks.delete(taskId);
        List<String> keys = values.keysUnder(taskId.value());
        keys.forEach(this::purgeEntry);
        return existed || !keys.isEmpty();
    }

    /** Removes a variable entry whatever it holds, with its large value. */
    void purgeEntry(String key) {
        seen.forget(key);
        values.get(key).ifPresent(entry -> {
            Header header = StoredValue.headerOf(entry.value());
            values.delete(key);
            if (header.object() != null) {
                deleteQuietly(header.object());
            }
        });
    }

    private void deleteQuietly(String object) {
        try {
            spill.delete(object);
        } catch (StoreUnavailableException e) {
            log.debug("Large value {} stays until the sweeper collects it: {}", object, e.getMessage());
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
