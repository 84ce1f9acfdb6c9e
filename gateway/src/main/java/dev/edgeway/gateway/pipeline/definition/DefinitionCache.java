package dev.edgeway.gateway.pipeline.definition;

import dev.edgeway.storage.kv.BucketWatcher;
import dev.edgeway.storage.kv.Entry;
import dev.edgeway.storage.kv.NamedBucket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The definitions' bucket as this gateway last heard of it, kept current by a watch, so that a
 * run finds its pipeline without a round trip to the store (a read cost a run 0.8 ms of its
 * 12 in the pipeline benchmark). The cache only ever answers "here it is": a name it does not
 * hold (never seen, removed, or the watch not caught up yet) is read from the store by the
 * caller, so a pipeline defined through another gateway a moment ago is found all the same.
 * What it holds lags the bucket by the watch's delivery, milliseconds: a definition replaced or
 * deleted through another gateway may still run in that window; through this one it does not,
 * since its own writes enter the cache as they are made. Each key keeps the highest revision
 * heard of, so a late event never undoes a newer one.
 */
final class DefinitionCache implements BucketWatcher, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DefinitionCache.class);
    /** After a watch that could not start, the store answers alone this long before the next try. */
    private static final Duration RETRY = Duration.ofSeconds(30);

    /** A key's latest state heard of: its entry, or null when it was removed. */
    private record Known(long revision, @Nullable Entry entry) {}

    private final NamedBucket store;
    private final Map<String, Known> known = new ConcurrentHashMap<>();
    /** The highest revision the watch has told: every older change of the bucket has been told. */
    private final AtomicLong told = new AtomicLong();

    private volatile boolean caughtUp;

    private @Nullable AutoCloseable watch;
    private boolean starting;
    /** Whether the last start failed, and the {@code System.nanoTime()} after which to try again. */
    private boolean failed;

    private long retryAt;
    private boolean closed;

    DefinitionCache(NamedBucket store) {
        this.store = store;
    }

    /**
     * The entry held for a name, once the watch has caught up; empty means "ask the store". The
     * first call starts the watch, on a thread of its own, so no caller waits for it.
     */
    Optional<Entry> find(String name) {
        if (!caughtUp) {
            startWatching();
            return Optional.empty();
        }
        Known held = known.get(name);
        return held == null ? Optional.empty() : Optional.ofNullable(held.entry());
    }

    @Override
    public void written(Entry entry) {
        told.accumulateAndGet(entry.revision(), Math::max);
        held(entry);
    }

    @Override
    public void removed(String key, long revision) {
        told.accumulateAndGet(revision, Math::max);
        remember(key, new Known(revision, null));
    }

    /** An entry this gateway wrote or read: held unless a newer change of it was heard of. */
    void held(Entry entry) {
        remember(entry.key(), new Known(entry.revision(), entry));
    }

    @Override
    public void caughtUp() {
        caughtUp = true;
    }

    /**
     * This gateway removed the key: gone now, though the watch has not told the removal yet. An
     * older write the watch tells later (another gateway's, made just before) holds it again
     * until the removal is told, right after.
     */
    void removedHere(String key) {
        long seen = told.get();
        known.compute(key, (k, old) -> new Known(old == null ? seen : Math.max(seen, old.revision()), null));
    }

    private void remember(String key, Known heard) {
        known.merge(key, heard, (old, now) -> now.revision() > old.revision() ? now : old);
    }

    private synchronized void startWatching() {
        if (closed || watch != null || starting || (failed && System.nanoTime() - retryAt < 0)) {
            return;
        }
        starting = true;
        Thread.ofVirtual().name("edgeway-pipeline-definitions").start(this::watch);
    }

    private void watch() {
        AutoCloseable started = null;
        try {
            started = store.watch(this);
        } catch (RuntimeException e) {
            log.warn(
                    "Pipeline definitions are read from the store on every run for now: watching them failed ({})",
                    e.toString());
        }
        synchronized (this) {
            starting = false;
            failed = started == null;
            retryAt = System.nanoTime() + RETRY.toNanos();
            if (started != null && !closed) {
                watch = started;
                return;
            }
        }
        closeQuietly(started);
    }

    private static void closeQuietly(@Nullable AutoCloseable watch) {
        if (watch == null) {
            return;
        }
        try {
            watch.close();
        } catch (Exception e) {
            log.debug("Closing the pipeline definitions' watch: {}", e.toString());
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        caughtUp = false;
        closeQuietly(watch);
        watch = null;
    }
}
