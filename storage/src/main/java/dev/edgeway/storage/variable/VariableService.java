package dev.edgeway.storage.variable;

import dev.edgeway.storage.StoreUnavailableException;
import dev.edgeway.storage.kv.Entry;
import dev.edgeway.storage.kv.NamedBucket;
import dev.edgeway.storage.kv.RevisionConflictException;
import dev.edgeway.storage.nats.LargeValueSpill;
import dev.edgeway.storage.task.ConflictBackoff;
import dev.edgeway.storage.task.InvalidInputException;
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
 * Variables of tasks. A write replaces the entry at a known revision (a compare-and-set), so the
 * value it replaced is known exactly and its large value can be deleted. The revision is the one
 * this gateway last saw ({@link LastSeen}), so an overwrite is one round trip; a variable never
 * seen is created outright, and a conflict reads what is there and tries again. A variable new
 * to its task is listed in the task's metadata after it is written, and rolled back if the task
 * is gone by then. A value's expiry travels in its entry's header (for readers) and in a message
 * header (for the sweeper's index, {@link NamedBucket#expiries}); expired values read as absent.
 * Blocking: call it off the event loop.
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
            StoredValue stored = StoredValue.decode(entry.get().value());
            Header header = stored.header();
            seen.put(key, entry.get().revision(), header);
            if (header.isExpiredAt(now())) {
                return Optional.empty();
            }
            byte[] value = stored.inline();
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

    /** Stores a value; see the class comment for the steps and what a failure leaves behind. */
    public WriteResult put(VariableWrite write) {
        if (write.value().length > limits.maxValueSize()) {
            throw new ValueTooLargeException(write.value().length, limits.maxValueSize());
        }
        Duration ttl = write.ttl();
        if (ttl != null && !limits.maxTtl().isZero() && ttl.compareTo(limits.maxTtl()) > 0) {
            throw new InvalidInputException(
                    "ttl", ttl.toString(), "at most " + limits.maxTtl() + ", the max age of the variables bucket");
        }
        String key = key(write.taskId(), write.name());
        Instant now = now();
        Instant expiresAt = ttl == null ? null : now.plus(ttl);
        String object = null;
        byte[] inline = write.value();
        if (write.value().length > Math.min(limits.largeValueThreshold(), values.maxEntrySize())) {
            if (tasks.find(write.taskId()).isEmpty()) {
                throw new TaskNotFoundException(write.taskId()); // before uploading megabytes for nothing
            }
            object = spill.put(key, write.value());
            inline = new byte[0];
        }
        Header header = new Header(write.type(), write.format(), now, expiresAt, write.value().length, object);
        byte[] entry = new StoredValue(header, inline).encode();
        boolean stored = false;
        try {
            WriteResult result = locks.withLock(key, () -> replace(write, key, entry, header, now));
            stored = true;
            return result;
        } finally {
            if (!stored && object != null) {
                deleteQuietly(object);
            }
        }
    }

    /**
     * What a write knows of the entry it replaces.
     *
     * @param revision the entry's revision, 0 when there is none
     * @param header its header, null when there is none
     * @param read whether it was just read, or only remembered or guessed
     */
    private record Current(long revision, @Nullable Header header, boolean read) {

        /** A variable this gateway has never seen: most likely a new one. */
        static final Current UNSEEN = new Current(0, null, false);

        boolean liveAt(Instant now) {
            return header != null && !header.isExpiredAt(now);
        }
    }

    private WriteResult replace(VariableWrite write, String key, byte[] entry, Header header, Instant now) {
        Precondition precondition = write.precondition();
        Current current = remembered(key, precondition);
        for (int attempt = 1; attempt <= limits.updateAttempts(); attempt++) {
            boolean live = current.liveAt(now);
            Long liveRevision = live ? current.revision() : null;
            if (!holds(precondition, liveRevision)) {
                if (!current.read()) {
                    current = read(key); // decide on what is stored, not on what was remembered
                    continue;
                }
                throw new PreconditionFailedException("variable " + key, precondition, liveRevision);
            }
            long revision;
            try {
                revision = current.revision() == 0
                        ? values.create(key, entry, header.expiresAt())
                        : values.update(key, entry, current.revision(), header.expiresAt());
            } catch (RevisionConflictException e) {
                if (current.read()) {
                    if (!(precondition instanceof Precondition.None)) {
                        throw new PreconditionFailedException("variable " + key, precondition, null);
                    }
                    ConflictBackoff.pause(attempt);
                }
                current = read(key);
                continue;
            }
            seen.put(key, revision, header);
            if (!live) {
                listInTask(write, key, revision);
            }
            if (current.header() != null && current.header().object() != null) {
                deleteQuietly(current.header().object());
            }
            return new WriteResult(revision, !live);
        }
        throw new StoreUnavailableException("variable " + key + ": " + limits.updateAttempts()
                + " concurrent writes in a row won the race; try again");
    }

    /** The entry as this gateway last saw it; unseen, a write without a revision precondition tries a create. */
    private Current remembered(String key, Precondition precondition) {
        LastSeen.Seen<Header> hint = seen.get(key);
        if (hint != null) {
            return new Current(hint.revision(), hint.value(), false);
        }
        boolean createFirst = precondition instanceof Precondition.None || precondition instanceof Precondition.Absent;
        return createFirst ? Current.UNSEEN : read(key);
    }

    private Current read(String key) {
        return values.get(key)
                .map(entry -> new Current(entry.revision(), StoredValue.headerOf(entry.value()), true))
                .orElse(new Current(0, null, true));
    }

    private static boolean holds(Precondition precondition, @Nullable Long liveRevision) {
        return switch (precondition) {
            case Precondition.None none -> true;
            case Precondition.Absent absent -> liveRevision == null;
            case Precondition.Present present -> liveRevision != null;
            case Precondition.Revision expected -> liveRevision != null && liveRevision == expected.revision();
        };
    }

    private static void check(Precondition precondition, String key, @Nullable Long liveRevision) {
        if (!holds(precondition, liveRevision)) {
            throw new PreconditionFailedException("variable " + key, precondition, liveRevision);
        }
    }

    private void listInTask(VariableWrite write, String key, long revision) {
        try {
            tasks.addVariable(write.taskId(), write.name().value());
        } catch (TaskNotFoundException | StoreUnavailableException e) {
            // The value must not outlive a request that failed: take it back.
            seen.forget(key);
            try {
                values.delete(key, revision);
            } catch (RuntimeException rollbackFailed) {
                log.warn("Could not roll back variable {} after a failed write: {}", key, rollbackFailed.getMessage());
            }
            throw e;
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
