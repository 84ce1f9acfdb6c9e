package dev.edgeway.storage.variable;

import dev.edgeway.storage.StoreUnavailableException;
import dev.edgeway.storage.kv.Entry;
import dev.edgeway.storage.kv.NamedBucket;
import dev.edgeway.storage.kv.RevisionConflictException;
import dev.edgeway.storage.nats.LargeValueSpill;
import dev.edgeway.storage.task.TaskId;
import dev.edgeway.storage.task.TaskService;
import dev.edgeway.storage.variable.StoredValue.Header;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purges what no reader may see any more, on a fixed delay: variables past their expiry (found
 * through the expiry marks in their entries' message headers, so values are not read), variables whose task is gone (a task
 * delete that failed midway), and large values no entry points to (a write that failed
 * midway), once they are older than a grace period that covers writes in flight. Every purge
 * is conditional on the revision it saw, so a value written meanwhile is never lost.
 */
public final class ExpirySweeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ExpirySweeper.class);

    private final NamedBucket values;
    private final LargeValueSpill spill;
    private final TaskService tasks;
    private final VariableService variables;
    private final Duration interval;
    private final Duration orphanGrace;
    private final Clock clock;
    private @Nullable ScheduledExecutorService executor;

    public ExpirySweeper(
            NamedBucket values,
            LargeValueSpill spill,
            TaskService tasks,
            VariableService variables,
            Duration interval,
            Duration orphanGrace,
            Clock clock) {
        this.values = values;
        this.spill = spill;
        this.tasks = tasks;
        this.variables = variables;
        this.interval = interval;
        this.orphanGrace = orphanGrace;
        this.clock = clock;
    }

    public synchronized void start() {
        if (executor == null) {
            executor = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("edgeway-storage-sweeper").factory());
            executor.scheduleWithFixedDelay(
                    this::sweepQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (StoreUnavailableException e) {
            log.debug("Sweep skipped: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Sweep failed", e);
        }
    }

    /** One sweep; returns how many variables it purged. */
    public int sweep() {
        int expired = sweepExpired();
        int orphans = collectOrphanVariables();
        int objects = collectOrphanObjects();
        if (expired + orphans + objects > 0) {
            log.info(
                    "Swept {} expired variables, {} variables of deleted tasks, {} unreferenced large values",
                    expired,
                    orphans,
                    objects);
        }
        return expired + orphans;
    }

    private int sweepExpired() {
        Instant now = clock.instant();
        int purged = 0;
        for (Map.Entry<String, Instant> due : values.expiries(null).entrySet()) {
            if (due.getValue().isAfter(now)) {
                continue;
            }
            String key = due.getKey();
            Optional<Entry> entry = values.get(key);
            if (entry.isEmpty()) {
                continue;
            }
            Header header = StoredValue.headerOf(entry.get().value());
            if (!header.isExpiredAt(now)) {
                continue; // rewritten since the scan
            }
            try {
                values.delete(key, entry.get().revision());
            } catch (RevisionConflictException rewritten) {
                continue;
            }
            int dot = key.indexOf('.');
            variables.forget(new TaskId(key.substring(0, dot)), new VariableName(key.substring(dot + 1)), header);
            purged++;
        }
        return purged;
    }

    private int collectOrphanVariables() {
        Set<String> taskIds = tasks.ids();
        int purged = 0;
        for (String key : values.keys()) {
            String taskId = key.substring(0, Math.max(0, key.indexOf('.')));
            if (taskIds.contains(taskId) || tasks.find(new TaskId(taskId)).isPresent()) {
                continue;
            }
            variables.purgeEntry(key);
            purged++;
        }
        return purged;
    }

    private int collectOrphanObjects() {
        Instant cutoff = clock.instant().minus(orphanGrace);
        int deleted = 0;
        for (LargeValueSpill.SpilledObject object : spill.list()) {
            int dot = object.name().lastIndexOf('.');
            if (object.modified().isAfter(cutoff) || dot < 0) {
                continue;
            }
            Optional<Entry> entry = values.get(object.name().substring(0, dot));
            boolean referenced = entry.isPresent()
                    && object.name()
                            .equals(StoredValue.headerOf(entry.get().value()).object());
            if (!referenced) {
                spill.delete(object.name());
                deleted++;
            }
        }
        return deleted;
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }
}
