package dev.edgeway.dag.run;

import dev.edgeway.dag.model.RetryPolicy;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Calls one step until it answers or its retries are spent: each attempt is the invoker's
 * stage, waited for on the runner's thread up to the step's timeout and cancelled when that
 * passes, the run is cancelled or the thread is interrupted (the gateway shutting down), so no
 * thread is started per attempt; the backoff from the step's {@link RetryPolicy} between
 * attempts. A timeout counts as a failed attempt.
 */
final class StepExecution {

    private static final System.Logger LOG = System.getLogger(StepExecution.class.getName());

    private final StepInvoker invoker;
    private final Sleeper sleeper;

    StepExecution(StepInvoker invoker, Sleeper sleeper) {
        this.invoker = invoker;
        this.sleeper = sleeper;
    }

    /** {@code callFor} gives the call for attempt n (from 1) and records that it started. */
    StepOutcome execute(RetryPolicy retries, IntFunction<StepCall> callFor, Cancellation cancellation) {
        String error = "not called";
        for (int attempt = 1; attempt <= retries.count() + 1; attempt++) {
            try {
                if (attempt > 1) {
                    sleeper.sleep(retries.backoffBefore(attempt - 1), cancellation.latch());
                }
                if (cancellation.isCancelled()) {
                    return new StepOutcome.Cancelled();
                }
                return new StepOutcome.Done(call(callFor.apply(attempt), cancellation));
            } catch (CancellationException e) {
                return new StepOutcome.Cancelled();
            } catch (InterruptedException e) {
                // The runner's own thread was interrupted: stop like a cancel, keep the flag.
                Thread.currentThread().interrupt();
                return new StepOutcome.Cancelled();
            } catch (TimeoutException e) {
                error = e.getMessage();
            } catch (ExecutionException e) {
                error = describe(e.getCause());
            }
        }
        int attempts = retries.count() + 1;
        return new StepOutcome.Failed(attempts == 1 ? error : error + " (after " + attempts + " attempts)");
    }

    private Payload call(StepCall call, Cancellation cancellation)
            throws InterruptedException, ExecutionException, TimeoutException {
        CompletableFuture<Payload> attempt = start(call);
        cancellation.attach(attempt);
        Duration timeout = call.timeout();
        try {
            return attempt.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException("timeout: " + timeout + " (expected: an answer within the step's timeout)");
        } finally {
            // Stops the call after a timeout or an interrupt; a no-op when it has completed.
            attempt.cancel(true);
            cancellation.detach();
        }
    }

    private CompletableFuture<Payload> start(StepCall call) {
        try {
            return invoker.invoke(call).toCompletableFuture();
        } catch (RuntimeException e) {
            // An invoker that throws instead of failing its stage: the attempt failed all the same.
            return CompletableFuture.failedFuture(e);
        }
    }

    private static String describe(Throwable failure) {
        if (failure instanceof Error) {
            // Out of memory and the like: the text is the runtime's, not the step's, and is no one's business but the
            // log's.
            LOG.log(System.Logger.Level.ERROR, "A step call failed with an error", failure);
            return "the gateway failed while calling the step (an internal error, see the gateway log)";
        }
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }
}
