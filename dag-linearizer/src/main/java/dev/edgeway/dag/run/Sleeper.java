package dev.edgeway.dag.run;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Waits between retries; tests give one that returns at once and records the waits. */
@FunctionalInterface
public interface Sleeper {

    /** Waits for {@code duration}, or less if {@code wakeUp} is counted down (the run was cancelled). */
    void sleep(Duration duration, CountDownLatch wakeUp) throws InterruptedException;

    /** Really waits, on the latch, so that a cancel ends the wait at once. */
    static Sleeper system() {
        return (duration, wakeUp) -> {
            // true when woken by a cancel: the runner checks the cancel itself after waiting
            var unused = wakeUp.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        };
    }
}
