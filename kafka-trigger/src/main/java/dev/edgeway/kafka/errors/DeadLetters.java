package dev.edgeway.kafka.errors;

import dev.edgeway.kafka.metrics.TriggerMetrics;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ContainerPausingBackOffHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerContainerPauseService;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The container's error handler: a {@link RetryableFailure} is retried with a bounded exponential
 * backoff with jitter; a {@link NotRetryable} (and a retryable one out of attempts) is written to
 * {@code <topic><suffix>} with the failure headers, and only then is its offset committed.
 * While a record waits for its retry only its partition is paused, so other partitions go on and
 * the consumer keeps polling within {@code max.poll.interval.ms}.
 */
public final class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private DeadLetters() {}

    /**
     * @param defaults the retries of a target that sets none of its own
     * @param ofTarget a target's own retries (a function's annotations), or the defaults
     */
    public static DefaultErrorHandler errorHandler(
            KafkaOperations<?, ?> producer,
            String suffix,
            RetrySettings defaults,
            ListenerContainerPauseService pauses,
            TriggerMetrics metrics,
            Function<String, RetrySettings> ofTarget) {
        // Partition -1: let the producer pick, since the dead-letter topic may have fewer partitions.
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(
                producer, (record, exception) -> new TopicPartition(record.topic() + suffix, -1));
        recoverer.setHeadersFunction(FailureHeaders::of);
        recoverer.setFailIfSendResultIsError(true);
        ExponentialBackOff backOff = backOff(defaults);
        DefaultErrorHandler handler = new DefaultErrorHandler(
                (record, exception) -> {
                    log.warn(
                            "Record kafka-{}-{}-{} goes to {}{}: {}",
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            record.topic(),
                            suffix,
                            reason(exception));
                    recoverer.accept(record, exception);
                    CallFailure failure = FailureHeaders.find(exception);
                    metrics.deadLettered(
                            record.topic(), failure == null || failure.target() == null ? "none" : failure.target());
                },
                backOff,
                new ContainerPausingBackOffHandler(pauses));
        handler.addNotRetryableExceptions(NotRetryable.class);
        // A function may set its own attempts and intervals (annotations); null keeps the default.
        handler.setBackOffFunction((record, exception) -> {
            CallFailure failure = FailureHeaders.find(exception);
            if (failure == null || failure.target() == null) {
                return null;
            }
            RetrySettings own = ofTarget.apply(failure.target());
            return own.equals(defaults) ? null : backOff(own);
        });
        handler.setCommitRecovered(true);
        handler.setRetryListeners((record, exception, attempt) -> {
            // Called for every failed delivery; a not-retryable one is logged once, as it is dead-lettered.
            if (!(FailureHeaders.find(exception) instanceof NotRetryable)) {
                metrics.retried(record.topic());
                log.warn(
                        "Record kafka-{}-{}-{} failed (attempt {}), retrying: {}",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        attempt,
                        reason(exception));
            }
        });
        return handler;
    }

    private static ExponentialBackOff backOff(RetrySettings retry) {
        ExponentialBackOff backOff =
                new ExponentialBackOff(retry.initialInterval().toMillis(), retry.multiplier());
        backOff.setMaxInterval(retry.maxInterval().toMillis());
        backOff.setJitter(retry.jitter().toMillis());
        backOff.setMaxAttempts(retry.maxAttempts() - 1L);
        return backOff;
    }

    private static String reason(Exception exception) {
        CallFailure failure = FailureHeaders.find(exception);
        return failure == null ? String.valueOf(exception.getMessage()) : failure.reason();
    }
}
