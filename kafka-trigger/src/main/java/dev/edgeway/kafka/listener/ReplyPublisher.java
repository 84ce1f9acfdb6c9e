package dev.edgeway.kafka.listener;

import dev.edgeway.kafka.errors.NotRetryable;
import dev.edgeway.kafka.errors.RetryableFailure;
import dev.edgeway.kafka.invoke.InvocationOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaOperations;

/**
 * Produces a call's response to its reply topic, keyed by the call id, and waits for the broker's
 * acknowledgement: the record is committed only after its reply is written. The write, the wait
 * for the topic's metadata included, takes at most the timeout. A write that failed for a reason
 * that may pass (the broker away, a topic not created yet, too few in-sync replicas, a timeout) fails the
 * record so that it is retried; one that another attempt would repeat (a reply larger than the
 * topic takes, a topic the trigger may not write) sends the record to the dead letters at once.
 */
final class ReplyPublisher {

    static final String STATUS = "edgeway-status";
    static final String CONTENT_TYPE = "content-type";
    static final String TARGET = "edgeway-target";
    static final String DURATION = "edgeway-duration-ms";

    private final KafkaOperations<byte[], byte[]> producer;
    private final Duration timeout;

    ReplyPublisher(KafkaOperations<byte[], byte[]> producer, Duration timeout) {
        this.producer = producer;
        this.timeout = timeout;
    }

    void reply(String topic, String callId, String target, InvocationOutcome outcome) {
        ProducerRecord<byte[], byte[]> reply =
                new ProducerRecord<>(topic, callId.getBytes(StandardCharsets.UTF_8), outcome.body());
        reply.headers().add(STATUS, bytes(Integer.toString(outcome.status())));
        if (outcome.contentType() != null) {
            reply.headers().add(CONTENT_TYPE, bytes(outcome.contentType()));
        }
        reply.headers().add(TARGET, bytes(target));
        reply.headers().add(DURATION, bytes(Long.toString(outcome.duration().toMillis())));
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            // send blocks while the producer has no metadata for the topic (max.block.ms, which
            // the trigger's producer keeps within this timeout); the acknowledgement gets the rest.
            producer.send(reply).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryableFailure("interrupted while writing the reply to " + topic, target, e);
        } catch (ExecutionException | KafkaException e) {
            // The future fails with what the broker said; what the producer refused at once (no
            // metadata for the topic within max.block.ms, a record over max.request.size) Spring's
            // KafkaTemplate throws from send as a KafkaException. Either wraps the client's error.
            throw notWritten(topic, target, outcome, e);
        } catch (TimeoutException e) {
            throw new RetryableFailure("the reply to " + topic + " was not written within " + timeout, target, e);
        }
    }

    private static RuntimeException notWritten(String topic, String target, InvocationOutcome outcome, Exception e) {
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(e);
        String reason = "the reply to " + topic + " was not written: " + cause;
        if (cause instanceof RetriableException || cause instanceof InterruptedException) {
            return new RetryableFailure(reason, target, cause);
        }
        return new NotRetryable(reason, target, outcome.status(), new byte[0]);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
