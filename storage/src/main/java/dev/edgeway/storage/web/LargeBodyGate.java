package dev.edgeway.storage.web;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Admits bodies that are held on the heap whole (a value being written or read, a pipeline
 * input) only while together they fit a memory budget, by default half the JVM's maximum heap.
 * Without it, a few concurrent bodies of the largest accepted size exhaust a small heap and
 * every request in flight fails with {@link OutOfMemoryError}. A body that does not fit now is
 * refused at once ({@link BusyException}, answered 503 with {@code Retry-After}) instead of
 * waiting on a thread. Bodies up to {@code unmetered} bytes are not counted: the half of the heap
 * outside the budget holds them, and counting them would only slow small requests down.
 */
public final class LargeBodyGate {

    /** The semaphore counts ints, so the budget is kept in KiB. */
    private static final int UNIT = 1024;

    private final long budget;
    private final long unmetered;
    private final Semaphore kibibytes;

    public LargeBodyGate(long budget, long unmetered) {
        if (budget < UNIT) {
            throw new IllegalArgumentException("budget: " + budget + " bytes (expected: at least " + UNIT + ")");
        }
        this.budget = budget;
        this.unmetered = unmetered;
        this.kibibytes = new Semaphore(units(budget));
    }

    /** Half of the JVM's maximum heap, the default budget. */
    public static long halfOfHeap() {
        return Runtime.getRuntime().maxMemory() / 2;
    }

    /** The budget in bytes. */
    public long budget() {
        return budget;
    }

    /**
     * Admits a body that needs {@code bytes} of heap; close the permit when it is no longer held.
     * A body larger than the whole budget is refused even when nothing else is held: use
     * {@link #fits} to tell that apart and answer 413 instead.
     *
     * @throws BusyException when the budget is taken by other bodies now
     */
    public Permit admit(long bytes, String what) {
        if (bytes <= unmetered) {
            return new Permit(0);
        }
        int units = units(Math.min(bytes, budget));
        if (!kibibytes.tryAcquire(units)) {
            throw new BusyException(what + ": " + bytes + " bytes (expected: room among the large bodies held at once, "
                    + budget + " bytes; try again shortly)");
        }
        return new Permit(units);
    }

    /** Whether a body needing {@code bytes} of heap is too small to count: {@link #admit} always lets it in. */
    public boolean unmetered(long bytes) {
        return bytes <= unmetered;
    }

    /** Whether a body needing {@code bytes} of heap can ever be admitted. */
    public boolean fits(long bytes) {
        return bytes <= Math.max(budget, unmetered);
    }

    private static int units(long bytes) {
        return (int) Math.min(Integer.MAX_VALUE, (bytes + UNIT - 1) / UNIT);
    }

    /** Heap admitted to one body; closing it more than once releases it once. */
    public final class Permit implements AutoCloseable {

        private final int units;
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Permit(int units) {
            this.units = units;
        }

        @Override
        public void close() {
            if (units > 0 && open.compareAndSet(true, false)) {
                kibibytes.release(units);
            }
        }
    }

    /** The budget is taken by other bodies at the moment; the request may be retried. */
    public static final class BusyException extends RuntimeException {

        BusyException(String message) {
            super(message, null, false, false);
        }
    }
}
