package dev.edgeway.storage.task;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The pause before retrying a read-modify-write that lost a revision race: random ("full
 * jitter"), growing with the attempt up to 20 ms, so writers that collided spread out.
 */
public final class ConflictBackoff {

    private static final long MAX_MICROS = 20_000;

    private ConflictBackoff() {}

    /** Parks the calling (blocking, never event-loop) thread before attempt {@code attempt + 1}. */
    public static void pause(int attempt) {
        long ceiling = Math.min(MAX_MICROS, 250L << Math.min(attempt, 10));
        LockSupport.parkNanos(
                TimeUnit.MICROSECONDS.toNanos(ThreadLocalRandom.current().nextLong(ceiling + 1)));
    }
}
