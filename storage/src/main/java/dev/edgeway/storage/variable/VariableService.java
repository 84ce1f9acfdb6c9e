package dev.edgeway.storage.variable;

import dev.edgeway.storage.nats.Bucket;
import dev.edgeway.storage.nats.JetStreamStateStore;
import dev.edgeway.storage.nats.JetStreamStateStore.Entry;
import dev.edgeway.storage.nats.LargeValueSpill;
import dev.edgeway.storage.nats.RevisionConflictException;
import dev.edgeway.storage.nats.StoreUnavailableException;
import dev.edgeway.storage.task.ConflictBackoff;
import dev.edgeway.storage.task.InvalidInputException;
import dev.edgeway.storage.task.KeyLocks;
import dev.edgeway.storage.task.Precondition;
import dev.edgeway.storage.task.PreconditionFailedException;
import dev.edgeway.storage.task.Task;
import dev.edgeway.storage.task.TaskId;
import dev.edgeway.storage.task.TaskNotFoundException;
import dev.edgeway.storage.task.TaskService;
import dev.edgeway.storage.variable.StoredValue.Header;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Variables of tasks. A write replaces the entry at the revision it read (a compare-and-set),
 * so the value it replaced is known exactly and its large value can be deleted; a variable new
 * to its task is listed in the task's metadata after it is written, and rolled back if the task
 * is gone by then. Expired values read as absent. Blocking: call it off the event loop.
 */
public final class VariableService {

    private static final Logger log = LoggerFactory.getLogger(VariableService.class);
    private static final int SPILL_READ_ATTEMPTS = 3;

    private final JetStreamStateStore store;
    private final LargeValueSpill spill;
    private final TaskService tasks;
    private final Limits limits;
    private final Clock clock;
    private final KeyLocks locks = new KeyLocks();

    /**
     * The limits of values.
     *
     * @param maxValueSize the largest value accepted
     * @param largeValueThreshold values larger than this go to the Object Store
     * @param maxTtl the longest TTL accepted (the bucket max age), zero for no limit
     * @param updateAttempts how often a write retries after losing a revision race
     */
    public record Limits(long maxValueSize, long largeValueThreshold, Duration maxTtl, int updateAttempts) {}

    public VariableService(
            JetStreamStateStore store, LargeValueSpill spill, TaskService tasks, Limits limits, Clock clock) {
        this.store = store;
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

    /**
     * The size of the variable's live value when it is in the Object Store, 0 when it is inline in
     * its entry, or empty when it is absent or expired: what reading it will hold on the heap
     * beyond the entry itself.
     */
    public OptionalLong sizeOf(TaskId taskId, VariableName name) {
        Optional<Entry> entry = store.get(Bucket.VARIABLES, key(taskId, name));
        if (entry.isEmpty()) {
            return OptionalLong.empty();
        }
        Header header = StoredValue.headerOf(entry.get().value());
        if (header.isExpiredAt(now())) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(header.object() == null ? 0 : header.size());
    }

    /** The variable's live value, or empty when it is absent or expired. */
    public Optional<Variable> find(TaskId taskId, VariableName name) {
        String key = key(taskId, name);
        for (int attempt = 1; attempt <= SPILL_READ_ATTEMPTS; attempt++) {
            Optional<Entry> entry = store.get(Bucket.VARIABLES, key);
            if (entry.isEmpty()) {
                return Optional.empty();
            }
            StoredValue stored = StoredValue.decode(entry.get().value());
            Header header = stored.header();
            if (header.isExpiredAt(now())) {
                return Optional.empty();
            }
            byte[] value = stored.inline();
            if (header.object() != null) {
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
        if (write.value().length > Math.min(limits.largeValueThreshold(), store.maxEntrySize())) {
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
            if (expiresAt != null) {
                // Indexed before the value, so no value with an expiry escapes the sweeper.
                store.put(Bucket.EXPIRIES, key, expiresAt.toString().getBytes(StandardCharsets.UTF_8));
            }
            WriteResult result = locks.withLock(key, () -> replace(write, key, entry, now));
            stored = true;
            return result;
        } finally {
            if (!stored && object != null) {
                deleteQuietly(object);
            }
        }
    }

    private WriteResult replace(VariableWrite write, String key, byte[] entry, Instant now) {
        Precondition precondition = write.precondition();
        for (int attempt = 1; attempt <= limits.updateAttempts(); attempt++) {
            Optional<Entry> old = store.get(Bucket.VARIABLES, key);
            Optional<Header> oldHeader = old.map(e -> StoredValue.headerOf(e.value()));
            boolean live = oldHeader.isPresent() && !oldHeader.get().isExpiredAt(now);
            check(precondition, key, live ? old.get().revision() : null);
            long revision;
            try {
                if (old.isEmpty()) {
                    if (tasks.find(write.taskId()).isEmpty()) {
                        throw new TaskNotFoundException(write.taskId());
                    }
                    revision = store.create(Bucket.VARIABLES, key, entry);
                } else {
                    revision =
                            store.update(Bucket.VARIABLES, key, entry, old.get().revision());
                }
            } catch (RevisionConflictException e) {
                if (!(precondition instanceof Precondition.None)) {
                    throw new PreconditionFailedException("variable " + key, precondition, null);
                }
                ConflictBackoff.pause(attempt);
                continue;
            }
            if (!live) {
                listInTask(write, key, revision);
            }
            oldHeader.map(Header::object).ifPresent(this::deleteQuietly);
            return new WriteResult(revision, !live);
        }
        throw new StoreUnavailableException("variable " + key + ": " + limits.updateAttempts()
                + " concurrent writes in a row won the race; try again");
    }

    private static void check(Precondition precondition, String key, @Nullable Long liveRevision) {
        boolean holds =
                switch (precondition) {
                    case Precondition.None none -> true;
                    case Precondition.Absent absent -> liveRevision == null;
                    case Precondition.Present present -> liveRevision != null;
                    case Precondition.Revision expected -> liveRevision != null && liveRevision == expected.revision();
                };
        if (!holds) {
            throw new PreconditionFailedException("variable " + key, precondition, liveRevision);
        }
    }

    private void listInTask(VariableWrite write, String key, long revision) {
        try {
            tasks.addVariable(write.taskId(), write.name().value());
        } catch (TaskNotFoundException | StoreUnavailableException e) {
            // The value must not outlive a request that failed: take it back.
            try {
                store.purge(Bucket.VARIABLES, key, revision);
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
            Optional<Entry> old = store.get(Bucket.VARIABLES, key);
            Optional<Header> header = old.map(e -> StoredValue.headerOf(e.value()));
            boolean live = header.isPresent() && !header.get().isExpiredAt(now());
            if (!(precondition instanceof Precondition.None)) {
                check(precondition, key, live ? old.get().revision() : null);
            }
            if (!live) {
                throw new VariableNotFoundException(taskId, name);
            }
            try {
                store.purge(Bucket.VARIABLES, key, old.get().revision());
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
        if (removed.object() != null) {
            deleteQuietly(removed.object());
        }
        String key = key(taskId, name);
        tasks.removeVariable(
                taskId, name.value(), () -> store.get(Bucket.VARIABLES, key).isEmpty());
    }

    /**
     * The task as a reader should see it: without the variables whose TTL has passed, which
     * reads already treat as absent, although the sweeper has not removed them from the task yet.
     */
    public Task withoutExpired(Task task) {
        String prefix = task.taskId() + ".";
        Instant now = now();
        // The expiry index names the candidates (variables written with a TTL); the value's own
        // header decides, since a later write without a TTL leaves the index entry behind.
        List<String> expired = store.keysUnder(Bucket.EXPIRIES, task.taskId()).stream()
                .filter(key -> store.get(Bucket.VARIABLES, key)
                        .map(entry -> StoredValue.headerOf(entry.value()).isExpiredAt(now))
                        .orElse(true))
                .map(key -> key.substring(prefix.length()))
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
        List<String> names = store.keysUnder(Bucket.VARIABLES, taskId.value()).stream()
                .map(key -> key.substring(prefix.length()))
                .filter(name -> after == null || name.compareTo(after.value()) > 0)
                .sorted()
                .toList();
        Instant now = now();
        List<VariableSummary> page = new ArrayList<>();
        int examined = 0;
        while (examined < names.size() && page.size() < limit) {
            String name = names.get(examined++);
            store.get(Bucket.VARIABLES, prefix + name).ifPresent(entry -> {
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
        List<String> keys = store.keysUnder(Bucket.VARIABLES, taskId.value());
        keys.forEach(this::purgeEntry);
        return existed || !keys.isEmpty();
    }

    /** Removes a variable entry whatever it holds, with its large value. */
    void purgeEntry(String key) {
        store.get(Bucket.VARIABLES, key).ifPresent(entry -> {
            Header header = StoredValue.headerOf(entry.value());
            store.purge(Bucket.VARIABLES, key);
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
