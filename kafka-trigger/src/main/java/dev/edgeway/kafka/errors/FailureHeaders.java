package dev.edgeway.kafka.errors;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Edgeway's failure headers on a dead letter, beside Spring Kafka's own
 * ({@code kafka_dlt-original-topic}, {@code -partition}, {@code -offset}, {@code -timestamp},
 * {@code kafka_dlt-exception-fqcn}, {@code -message}, {@code -stacktrace}).
 */
public final class FailureHeaders {

    public static final String REASON = "edgeway-dlt-reason";
    public static final String TARGET = "edgeway-dlt-target";
    public static final String STATUS = "edgeway-dlt-status";
    public static final String RESPONSE = "edgeway-dlt-response";
    public static final String ATTEMPTS = "edgeway-dlt-attempts";
    public static final String RETRYABLE = "edgeway-dlt-retryable";

    private FailureHeaders() {}

    static Headers of(ConsumerRecord<?, ?> record, Exception exception) {
        Headers headers = new RecordHeaders();
        CallFailure failure = find(exception);
        if (failure == null) {
            headers.add(REASON, bytes("unexpected failure: " + rootCause(exception)));
        } else {
            headers.add(REASON, bytes(failure.reason()));
            if (failure.target() != null) {
                headers.add(TARGET, bytes(failure.target()));
            }
            if (failure.status() > 0) {
                headers.add(STATUS, bytes(Integer.toString(failure.status())));
            }
            if (failure.responseExcerpt().length > 0) {
                headers.add(RESPONSE, failure.responseExcerpt());
            }
            headers.add(RETRYABLE, bytes(Boolean.toString(failure instanceof RetryableFailure)));
        }
        headers.add(ATTEMPTS, bytes(Integer.toString(attempts(record))));
        return headers;
    }

    /** The container counts deliveries in this header (delivery-attempt header on). */
    private static int attempts(ConsumerRecord<?, ?> record) {
        Header attempt = record.headers().lastHeader(KafkaHeaders.DELIVERY_ATTEMPT);
        return attempt == null || attempt.value().length != Integer.BYTES
                ? 1
                : ByteBuffer.wrap(attempt.value()).getInt();
    }

    static CallFailure find(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof CallFailure failure) {
                return failure;
            }
        }
        return null;
    }

    private static String rootCause(Throwable exception) {
        Throwable root = exception;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
