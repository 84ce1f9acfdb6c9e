package dev.edgeway.kafka.listener;

import dev.edgeway.kafka.errors.NotRetryable;
import dev.edgeway.kafka.errors.RetryableFailure;
import dev.edgeway.kafka.invoke.InvocationOutcome;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Waits for a call and sorts its outcome: success, a failure worth retrying (no answer, or a
 * retried status: 408, 429, 500, 502, 503, 504 unless the function sets its own), or one that
 * another attempt would repeat (any other status).
 */
final class CallOutcomes {

    private final Duration timeout;
    private final int maxExcerpt;
    private final Function<String, Set<Integer>> retried;

    /** @param retried the statuses retried for a target: its own (annotation) or the defaults */
    CallOutcomes(Duration timeout, int maxExcerpt, Function<String, Set<Integer>> retried) {
        this.timeout = timeout;
        this.maxExcerpt = maxExcerpt;
        this.retried = retried;
    }

    /** The successful outcome; throws a {@link RetryableFailure} or {@link NotRetryable} otherwise. */
    InvocationOutcome await(CompletionStage<InvocationOutcome> call, String target) {
        InvocationOutcome outcome;
        try {
            outcome = call.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryableFailure("interrupted while calling " + target, target, e);
        } catch (TimeoutException e) {
            call.toCompletableFuture().cancel(true);
            throw new RetryableFailure(target + " did not answer within " + timeout, target, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new RetryableFailure(target + " could not be called: " + cause, target, cause);
        }
        if (outcome.succeeded()) {
            return outcome;
        }
        byte[] excerpt = Arrays.copyOf(outcome.body(), Math.min(outcome.body().length, maxExcerpt));
        String reason = target + " answered " + outcome.status();
        if (retried.apply(target).contains(outcome.status())) {
            throw new RetryableFailure(reason, target, outcome.status(), excerpt);
        }
        throw new NotRetryable(reason, target, outcome.status(), excerpt);
    }
}
