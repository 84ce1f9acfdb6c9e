package dev.edgeway.storage.variable;

import dev.edgeway.storage.StoreUnavailableException;
import dev.edgeway.storage.kv.NamedBucket;
import dev.edgeway.storage.kv.RevisionConflictException;
import dev.edgeway.storage.nats.LargeValueSpill;
import dev.edgeway.storage.task.ConflictBackoff;
import dev.edgeway.storage.task.InvalidInputException;
import dev.edgeway.storage.task.KeyLocks;
import dev.edgeway.storage.task.LastSeen;
import dev.edgeway.storage.task.Precondition;
import dev.edgeway.storage.task.PreconditionFailedException;
import dev.edgeway.storage.task.TaskNotFoundException;
import dev.edgeway.storage.task.TaskService;
import dev.edgeway.storage.variable.StoredValue.Header;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes of variables. A write replaces the entry at a known revision (a compare-and-set), so
 * the value it replaced is known exactly and its large value can be deleted. The revision is
 * the one this gateway last saw ({@link LastSeen}), so an overwrite is one round trip; a variable
 * never seen is created outright, and a conflict reads what is there and tries again. A variable
 * new to its task is listed in the task's metadata after it is written (one more round trip),
 * and rolled back if the task is gone by then. {@code docs/storage.md} lists the steps.
 */
final class VariableWrites {

    private static final Logger log = LoggerFactory.getLogger(VariableWrites.class);

    private final NamedBucket values;
    private final LargeValueSpill spill;
    private final TaskService tasks;
    private final VariableService.Limits limits;
    private final KeyLocks locks;
    private final LastSeen<Header> seen;
    private final Supplier<Instant> time;
    private final Consumer<String> deleteQuietly;

    VariableWrites(
            NamedBucket values,
            LargeValueSpill spill,
            TaskService tasks,
            VariableService.Limits limits,
            KeyLocks locks,
            LastSeen<Header> seen,
            Supplier<Instant> time,
            Consumer<String> deleteQuietly) {
        this.values = values;
        this.spill = spill;
        this.tasks = tasks;
        this.limits = limits;
        this.locks = locks;
        this.seen = seen;
        this.time = time;
        this.deleteQuietly = deleteQuietly;
    }

    /**
     * Stores a value; see the class comment for the steps and what a failure leaves behind.
     * Without {@code list}, a new variable is not listed in its task (the caller lists it).
     */
    WriteResult put(VariableWrite write, boolean list) {
        if (write.value().length > limits.maxValueSize()) {
            throw new ValueTooLargeException(write.value().length, limits.maxValueSize());
        }
        Duration ttl = write.ttl();
        if (ttl != null && !limits.maxTtl().isZero() && ttl.compareTo(limits.maxTtl()) > 0) {
            throw new InvalidInputException(
                    "ttl", ttl.toString(), "at most " + limits.maxTtl() + ", the max age of the variables bucket");
        }
        String key = VariableService.key(write.taskId(), write.name());
        Instant now = time.get();
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
            WriteResult result = locks.withLock(key, () -> replace(write, key, entry, header, now, list));
            stored = true;
            return result;
        } finally {
            if (!stored && object != null) {
                deleteQuietly.accept(object);
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

    private WriteResult replace(
            VariableWrite write, String key, byte[] entry, Header header, Instant now, boolean list) {
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
            if (!live && list) {
                listInTask(write, key, revision);
            }
            if (current.header() != null && current.header().object() != null) {
                deleteQuietly.accept(current.header().object());
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

    static boolean holds(Precondition precondition, @Nullable Long liveRevision) {
        return switch (precondition) {
            case Precondition.None none -> true;
            case Precondition.Absent absent -> liveRevision == null;
            case Precondition.Present present -> liveRevision != null;
            case Precondition.Revision expected -> liveRevision != null && liveRevision == expected.revision();
        };
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
}
