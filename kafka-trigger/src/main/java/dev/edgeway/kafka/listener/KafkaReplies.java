package dev.edgeway.kafka.listener;

import java.time.Duration;
import org.springframework.kafka.core.KafkaOperations;

/** The producer the listener writes replies with, and how long a write may take. */
public record KafkaReplies(KafkaOperations<byte[], byte[]> producer, Duration timeout) {

    ReplyPublisher publisher() {
        return new ReplyPublisher(producer, timeout);
    }
}
