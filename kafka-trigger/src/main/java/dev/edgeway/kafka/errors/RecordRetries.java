package dev.edgeway.kafka.errors;

import dev.edgeway.kafka.metrics.TriggerMetrics;
import dev.edgeway.kafka.status.LastError;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Retries and dead letters of records, which are called off the consumer thread (in either
 * ordering), so no container error handler sees their failures: a {@link RetryableFailure} is
 * retried with a bounded exponential backoff with jitter (a function's own through its
 * annotations); a {@link NotRetryable}, or a retryable one out of attempts, is written to the
 * dead-letter topic ({@link DeadLetters#recoverer}). A waiting retry holds no thread: it is
 * scheduled, and runs on the calls' executor again.
 */
public final class RecordRetries {

    private static final Logger log = LoggerFactory.getLogger(RecordRetries.class);
    /** How long a dead letter the broker did not take waits before it is written again. */
    private static final Duration DEAD_LETTER_RETRY = Duration.ofSeconds(1);

    private final MessageListener<byte[], byte[]> delivery;
    private final ConsumerRecordRecoverer deadLetters;
    private final RetrySettings defaults;
    private final Function<String, RetrySettings> ofTarget;
    private final TriggerMetrics metrics;
    private final LastError errors;
    private final Function<ConsumerRecord<?, ?>, String> callIds;

    public RecordRetries(
            MessageListener<byte[], byte[]> delivery,
            ConsumerRecordRecoverer deadLetters,
            RetrySettings defaults,
            Function<String, RetrySettings> ofTarget,
            TriggerMetrics metrics,
            LastError errors,
            Function<ConsumerRecord<?, ?>, String> callIds) {
        this.delivery = delivery;
        this.deadLetters = deadLetters;
        this.defaults = defaults;
        this.ofTarget = ofTarget;
        this.metrics = metrics;
        this.errors = errors;
        this.callIds = callIds;
    }

    /**
     * Completes once the record reached its final outcome on {@code calls}: delivered, or written
     * to its dead-letter topic. It never completes exceptionally; it stays incomplete when the
     * executor is shut down first, so the record is not committed and comes again.
     *
     * @param waiting runs each time a retry is scheduled, before its wait begins
     */
    public CompletableFuture<Void> deliver(ConsumerRecord<byte[], byte[]> record, Executor calls, Runnable waiting) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        attempt(record, 1, null, calls, waiting, done);
        return done;
    }

    private void attempt(
            ConsumerRecord<byte[], byte[]> record,
            int attempt,
            @Nullable BackOffExecution backOff,
            Executor calls,
            Runnable waiting,
            CompletableFuture<Void> done) {
        run(
                calls,
                () -> inMdc(record, () -> {
                    // The dead letter's attempts header reads this (Spring Kafka's delivery attempt header).
                    record.headers().remove(KafkaHeaders.DELIVERY_ATTEMPT);
                    record.headers()
                            .add(
                                    KafkaHeaders.DELIVERY_ATTEMPT,
                                    ByteBuffer.allocate(Integer.BYTES)
                                            .putInt(attempt)
                                            .array());
                    try {
                        delivery.onMessage(record);
                        done.complete(null);
                        return;
                    } catch (RuntimeException failure) {
                        BackOffExecution next =
                                backOff == null ? backOffOf(failure).start() : backOff;
                        long wait = FailureHeaders.find(failure) instanceof NotRetryable
                                ? BackOffExecution.STOP
                                : next.nextBackOff();
                        if (wait != BackOffExecution.STOP) {
                            DeadLetters.retrying(record, callIds.apply(record), failure, attempt, metrics, errors);
                            waiting.run();
                            run(later(wait), () -> attempt(record, attempt + 1, next, calls, waiting, done));
                            return;
                        }
                        deadLetter(record, failure, calls, done);
                    }
                }));
    }

    private void deadLetter(
            ConsumerRecord<byte[], byte[]> record,
            RuntimeException failure,
            Executor calls,
            CompletableFuture<Void> done) {
        try {
            deadLetters.accept(record, failure);
            done.complete(null);
        } catch (RuntimeException unwritten) {
            // Not committed before its dead letter is written: try again, as the error handler would.
            log.warn(
                    "Dead letter of kafka-{}-{}-{} not written, again in {}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    DEAD_LETTER_RETRY,
                    unwritten.toString());
            errors.record("dead letter of kafka-" + record.topic() + "-" + record.partition() + "-" + record.offset()
                    + " not written: " + unwritten);
            run(
                    later(DEAD_LETTER_RETRY.toMillis()),
                    () -> run(calls, () -> inMdc(record, () -> deadLetter(record, failure, calls, done))));
        }
    }

    private org.springframework.util.backoff.BackOff backOffOf(RuntimeException failure) {
        CallFailure call = FailureHeaders.find(failure);
        RetrySettings settings = call == null || call.target() == null ? defaults : ofTarget.apply(call.target());
        return DeadLetters.backOff(settings);
    }

    /** Every line logged about the record (the call, its retries, its dead letter) carries its call id. */
    private void inMdc(ConsumerRecord<?, ?> record, Runnable task) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable("callId", callIds.apply(record))) {
            task.run();
        }
    }

    /** A timer only: the retry itself is submitted to the calls' executor again. */
    private static Executor later(long millis) {
        return CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS);
    }

    /** After shutdown nothing runs: the record stays uncommitted and is delivered again. */
    private static void run(Executor executor, Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException stopped) {
            log.debug("Trigger stopping, a record is left uncommitted: {}", stopped.toString());
        }
    }
}
