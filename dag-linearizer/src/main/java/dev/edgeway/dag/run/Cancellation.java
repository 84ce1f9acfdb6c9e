package dev.edgeway.dag.run;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * One active run's entry in the runner: whether it is executing yet or only reserved (queued by
 * the caller), and its cancel signal, which wakes a backoff wait and cancels the in-flight
 * attempt's stage at once.
 */
final class Cancellation {

    private final CountDownLatch latch = new CountDownLatch(1);
    private @Nullable CompletableFuture<?> attempt;
    private boolean executing;

    boolean isCancelled() {
        return latch.getCount() == 0;
    }

    CountDownLatch latch() {
        return latch;
    }

    synchronized boolean isExecuting() {
        return executing;
    }

    /** Takes the entry for execution; false when a runner executes the run already. */
    synchronized boolean execute() {
        if (executing) {
            return false;
        }
        executing = true;
        return true;
    }

    synchronized void cancel() {
        latch.countDown();
        if (attempt != null) {
            attempt.cancel(true);
        }
    }

    /** Registers the in-flight attempt; cancels it at once if the run is already cancelled. */
    synchronized void attach(CompletableFuture<?> stage) {
        attempt = stage;
        if (isCancelled()) {
            stage.cancel(true);
        }
    }

    synchronized void detach() {
        attempt = null;
    }
}
