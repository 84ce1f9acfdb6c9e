package dev.edgeway.storage.task;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Striped locks that queue this process's read-modify-writes of one key, so writers inside
 * one gateway take turns instead of racing each other through revision conflicts (which,
 * under load, wastes round trips and starves the winner). The revision check stays the real
 * guard: it still settles races with other gateways sharing the NATS server. Use one instance
 * per kind of key and always take them in the same order (variable, then task).
 */
public final class KeyLocks {

    private static final int STRIPES = 256;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    public KeyLocks() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** Runs {@code work} holding the lock of {@code key}'s stripe. */
    public <T> T withLock(String key, Supplier<T> work) {
        ReentrantLock lock = locks[Math.floorMod(key.hashCode(), STRIPES)];
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
