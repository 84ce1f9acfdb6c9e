package dev.edgeway.kafka.errors;

import dev.edgeway.kafka.metrics.TriggerMetrics;
import dev.edgeway.kafka.status.LastError;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Dead letters and backoffs of {@link RecordRetries}: a record written to {@code <topic><suffix>}
 * through Spring Kafka's {@link DeadLetterPublishingRecoverer} with the failure headers, and the
 * bounded exponential backoff with jitter of retry settings.
 */
public final class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private DeadLetters() {}

    /**
     * Writes a record to {@code <topic><suffix>} with the failure headers, then counts it; throws
     * when the broker did not take it, so the record is not committed.
     */
    public static ConsumerRecordRecoverer recoverer(
            KafkaOperations<?, ?> producer,
            String suffix,
            TriggerMetrics metrics,
            LastError errors,
            Function<ConsumerRecord<?, ?>, String> callIds) {
        // Partition -1: let the producer pick, since the dead-letter topic may have fewer partitions.
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(
                producer, (record, exception) -> new TopicPartition(record.topic() + suffix, -1));
        recoverer.setHeadersFunction(FailureHeaders::of);
        recoverer.setFailIfSendResultIsError(true);
        return (record, exception) -> {
            String callId = callIds.apply(record);
            log.warn("Record {} goes to {}{}: {}", callId, record.topic(), suffix, reason(exception));
            errors.record(callId + " dead-lettered: " + reason(exception));
            recoverer.accept(record, exception);
            CallFailure failure = FailureHeaders.find(exception);
            metrics.deadLettered(
                    record.topic(), failure == null || failure.target() == null ? "none" : failure.target());
        };
    }

    /** Counts and logs a failed delivery that will be retried; a not-retryable one is logged once, as it is dead-lettered. */
    public static void retrying(
            ConsumerRecord<?, ?> record,
            String callId,
            Exception exception,
            int attempt,
            TriggerMetrics metrics,
            LastError errors) {
        if (!(FailureHeaders.find(exception) instanceof NotRetryable)) {
            errors.record(callId + " attempt " + attempt + " failed: " + reason(exception));
            metrics.retried(record.topic());
            log.warn("Record {} failed (attempt {}), retrying: {}", callId, attempt, reason(exception));
        }
    }

    /** The exponential backoff with jitter of retry settings, {@code maxAttempts - 1} retries. */
    public static ExponentialBackOff backOff(RetrySettings retry) {
        ExponentialBackOff backOff =
                new ExponentialBackOff(retry.initialInterval().toMillis(), retry.multiplier());
        backOff.setMaxInterval(retry.maxInterval().toMillis());
        backOff.setJitter(retry.jitter().toMillis());
        backOff.setMaxAttempts(retry.maxAttempts() - 1L);
        return backOff;
    }

    static String reason(Exception exception) {
        CallFailure failure = FailureHeaders.find(exception);
        return failure == null ? String.valueOf(exception.getMessage()) : failure.reason();
    }
}
