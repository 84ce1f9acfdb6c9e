package dev.edgeway.dag.run;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * The cancel signal of one active run: wakes a backoff wait, completes the in-flight attempt at
 * once and interrupts its thread.
 */
final class Cancellation {

    private final CountDownLatch latch = new CountDownLatch(1);
    private @Nullable CompletableFuture<byte[]> attempt;
    private @Nullable Thread worker;

    boolean isCancelled() {
        return latch.getCount() == 0;
    }

    CountDownLatch latch() {
        return latch;
    }

    synchronized void cancel() {
        latch.countDown();
        stopAttempt();
    }

    /** Registers the in-flight attempt; stops it at once if the run is already cancelled. */
    synchronized void attach(CompletableFuture<byte[]> result, Thread thread) {
        attempt = result;
        worker = thread;
        if (isCancelled()) {
            stopAttempt();
        }
    }

    synchronized void detach() {
        attempt = null;
        worker = null;
    }

    private void stopAttempt() {
        if (attempt != null) {
            attempt.cancel(false);
        }
        if (worker != null) {
            worker.interrupt();
        }
    }
}
